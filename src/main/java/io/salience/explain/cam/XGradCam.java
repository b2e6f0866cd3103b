package io.salience.explain.cam;

import io.salience.model.FeatureLayer;
import org.springframework.stereotype.Component;

/** XGrad-CAM (Fu et al., 2020): alpha_k = sum_ij (A_k(ij) / sum_ij A_k) dy_c/dA_k(ij). */
@Component
public class XGradCam extends ChannelWeightCam {

    private static final double EPS = 1e-7;

    @Override
    public boolean onePassAtLayer4() {
        return true;
    }

    @Override
    public String id() {
        return "xgradcam";
    }

    @Override
    public String description() {
        return "XGrad-CAM (Fu et al. 2020): gradients averaged with the channel's own activations as weights, "
                + "chosen to satisfy sensitivity and conservation axioms";
    }

    @Override
    protected float[] channelWeights(CamContext context, FeatureLayer layer) {
        return sumOverPositions(context, layer, (a, g, sum) -> g * a / (sum + EPS));
    }
}
