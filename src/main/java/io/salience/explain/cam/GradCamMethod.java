package io.salience.explain.cam;

import io.salience.model.FeatureLayer;
import org.springframework.stereotype.Component;

/** Grad-CAM (Selvaraju et al., 2017): alpha_k is the spatial mean of dy_c/dA_k. */
@Component
public class GradCamMethod extends ChannelWeightCam {

    public static final String ID = "gradcam";

    @Override
    public boolean onePassAtLayer4() {
        return true;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Grad-CAM (Selvaraju et al. 2017): each channel weighted by the spatial mean of the target score's gradient";
    }

    @Override
    protected float[] channelWeights(CamContext context, FeatureLayer layer) {
        double area = layer.size() * layer.size();
        return sumOverPositions(context, layer, (a, g, sum) -> g / area);
    }
}
