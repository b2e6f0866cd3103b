package io.salience.explain.cam;

import io.salience.model.FeatureLayer;
import org.springframework.stereotype.Component;

/** Eigen-Grad-CAM (pytorch-grad-cam): the first principal component of gradient times activation. */
@Component
public class EigenGradCam extends ChannelCam {

    @Override
    public boolean onePassAtLayer4() {
        return true;
    }

    @Override
    public String id() {
        return "eigengradcam";
    }

    @Override
    public String description() {
        return "Eigen-Grad-CAM (pytorch-grad-cam): first principal component of gradient times activation; "
                + "class-specific like Grad-CAM, cleaner like Eigen-CAM";
    }

    @Override
    protected boolean alwaysProject() {
        return true;
    }

    @Override
    protected float[] weightedActivations(CamContext context, FeatureLayer layer) {
        return HiResCam.product(context.gradients(layer), context.activations(layer), false);
    }
}
