package io.salience.explain.cam;

import io.salience.data.Normalization;
import io.salience.errors.InvalidInputException;
import io.salience.errors.InvalidInputException.FieldProblem;
import io.salience.model.FeatureLayer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Turns a {@link CamQuery} into a {@link CamRequest}, naming every bad parameter in one 400. */
@Component
public class CamRequests {

    private final CamMethods methods;
    private final ExplainProperties properties;

    public CamRequests(CamMethods methods, ExplainProperties properties) {
        this.methods = methods;
        this.properties = properties;
    }

    public CamRequest parse(CamQuery query, List<String> labels, Normalization normalization) {
        return parse(query, labels, normalization, List.of());
    }

    /** As above, with problems found in the request's other parameters, reported in the same 400. */
    public CamRequest parse(CamQuery query, List<String> labels, Normalization normalization,
            List<FieldProblem> earlier) {
        List<FieldProblem> problems = new ArrayList<>(earlier);
        String methodId = blankToNull(query.method()) == null ? GradCamMethod.ID : query.method().trim();
        CamMethod method = methods.find(methodId.toLowerCase(Locale.ROOT)).orElse(null);
        if (method == null) {
            problems.add(new FieldProblem("method", "unknown method '" + methodId + "'; known: "
                    + String.join(", ", methods.ids())));
        }
        List<FeatureLayer> layers = layers(query.layer(), problems);
        CamTarget target = null;
        try {
            target = CamTarget.parse(query.target(), labels);
        } catch (InvalidInputException e) {
            problems.add(new FieldProblem("target", e.getMessage()));
        }
        Set<CamRequest.Smoothing> smoothing = smoothing(query.smooth(), problems);
        if (method != null && smoothing.contains(CamRequest.Smoothing.EIGEN) && !method.supportsEigenSmoothing()) {
            problems.add(new FieldProblem("smooth", "eigen smoothing does not apply to " + method.id()));
        }
        int steps = query.steps() == null ? CamOptions.DEFAULT_STEPS : query.steps();
        if (steps < 2 || steps > CamOptions.MAX_STEPS) {
            problems.add(new FieldProblem("steps", "must be between 2 and " + CamOptions.MAX_STEPS + ", not " + steps));
        }
        CamOptions.Baseline baseline = CamOptions.Baseline.ZERO;
        if (blankToNull(query.baseline()) != null) {
            try {
                baseline = CamOptions.Baseline.valueOf(query.baseline().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("baseline", "use zero or blur, not '" + query.baseline() + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new CamRequest(method, method.usesLayer() ? layers : List.of(), target, smoothing,
                new CamOptions(steps, baseline, properties.batchSize(), normalization));
    }

    private static List<FeatureLayer> layers(String text, List<FieldProblem> problems) {
        if (blankToNull(text) == null) {
            return List.of(FeatureLayer.LAYER4);
        }
        List<FeatureLayer> layers = new ArrayList<>();
        // -1 keeps empty names ("layer=," or "layer4,"): each is refused, never an empty list.
        for (String part : text.split(",", -1)) {
            try {
                FeatureLayer layer = FeatureLayer.parse(part.trim());
                if (!layers.contains(layer)) {
                    layers.add(layer);
                }
            } catch (InvalidInputException e) {
                problems.add(new FieldProblem("layer", e.getMessage()));
            }
        }
        layers.sort(null);
        return layers;
    }

    private static Set<CamRequest.Smoothing> smoothing(String text, List<FieldProblem> problems) {
        Set<CamRequest.Smoothing> smoothing = EnumSet.noneOf(CamRequest.Smoothing.class);
        if (blankToNull(text) == null || text.trim().equalsIgnoreCase("none")) {
            return smoothing;
        }
        for (String part : text.split(",", -1)) {
            try {
                smoothing.add(CamRequest.Smoothing.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("smooth", "use aug, eigen, both separated by a comma, or none; not '"
                        + part.trim() + "'"));
            }
        }
        return smoothing;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
