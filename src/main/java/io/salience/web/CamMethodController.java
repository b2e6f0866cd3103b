package io.salience.web;

import io.salience.explain.cam.CamMethod;
import io.salience.explain.cam.CamMethods;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Explanations")
public class CamMethodController {

    /** A method as the API lists it. */
    public record MethodView(String id, String description, boolean usesLayer, boolean eigenSmoothing) {}

    private final CamMethods methods;

    public CamMethodController(CamMethods methods) {
        this.methods = methods;
    }

    @GetMapping("/api/cam-methods")
    @Operation(summary = "The explanation methods `method=` accepts, with what each computes")
    public List<MethodView> methods() {
        return methods.all().stream().map(CamMethodController::view).toList();
    }

    private static MethodView view(CamMethod m) {
        return new MethodView(m.id(), m.description(), m.usesLayer(), m.supportsEigenSmoothing());
    }
}
