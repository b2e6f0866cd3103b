package io.salience.explain.cam;

import io.salience.model.FeatureLayer;
import org.springframework.stereotype.Component;

/** Eigen-CAM (Muhammad and Yeasin, 2020): the first principal component of the activations. */
@Component
public class EigenCam extends ChannelCam {

    @Override
    public boolean onePassAtLayer4() {
        return true;
    }

    @Override
    public String id() {
        return "eigencam";
    }

    @Override
    public String description() {
        return "Eigen-CAM (Muhammad and Yeasin 2020): first principal component of the activations; no gradient, "
                + "so the same map for every target class";
    }

    @Override
    protected boolean alwaysProject() {
        return true;
    }

    @Override
    protected float[] weightedActivations(CamContext context, FeatureLayer layer) {
        return context.activations(layer);
    }
}
