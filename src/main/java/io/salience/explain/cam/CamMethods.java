package io.salience.explain.cam;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Every {@link CamMethod} of the application, by id; Grad-CAM first, the rest by name. */
@Component
public class CamMethods {

    private final Map<String, CamMethod> byId = new LinkedHashMap<>();

    public CamMethods(List<CamMethod> methods) {
        List<CamMethod> sorted = new ArrayList<>(methods);
        sorted.sort(Comparator.comparing((CamMethod m) -> !m.id().equals(GradCamMethod.ID)).thenComparing(CamMethod::id));
        for (CamMethod method : sorted) {
            if (byId.put(method.id(), method) != null) {
                throw new IllegalStateException("two CAM methods are called " + method.id());
            }
        }
    }

    public Optional<CamMethod> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<CamMethod> all() {
        return List.copyOf(byId.values());
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }
}
