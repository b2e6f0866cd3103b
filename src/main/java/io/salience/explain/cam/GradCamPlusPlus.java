package io.salience.explain.cam;

import io.salience.model.FeatureLayer;
import org.springframework.stereotype.Component;

/**
 * Grad-CAM++ (Chattopadhyay et al., 2018) in pytorch-grad-cam's form: with g = dy_c/dA,
 * a = g^2 / (2 g^2 + sum_ij(A_k) g^3) (0 where g = 0) and alpha_k = sum_ij a * ReLU(g).
 */
@Component
public class GradCamPlusPlus extends ChannelWeightCam {

    private static final double EPS = 1e-6;

    @Override
    public boolean onePassAtLayer4() {
        return true;
    }

    @Override
    public String id() {
        return "gradcam++";
    }

    @Override
    public String description() {
        return "Grad-CAM++ (Chattopadhyay et al. 2018): positive gradients weighted per position by higher-order terms, "
                + "so several instances of a class all show";
    }

    @Override
    protected float[] channelWeights(CamContext context, FeatureLayer layer) {
        return sumOverPositions(context, layer, (a, g, sum) -> {
            if (g == 0) {
                return 0;
            }
            double aij = g * g / (2 * g * g + sum * g * g * g + EPS);
            return aij * Math.max(g, 0);
        });
    }
}
