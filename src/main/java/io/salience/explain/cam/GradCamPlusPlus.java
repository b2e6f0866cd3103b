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
        float[] a = context.activations(layer);
        float[] g = context.gradients(layer);
        int channels = layer.channels();
        int area = layer.size() * layer.size();
        float[] sumA = spatialSums(a, context.size(), channels, area);
        float[] alpha = new float[context.size() * channels];
        for (int ik = 0; ik < alpha.length; ik++) {
            double weight = 0;
            for (int p = 0; p < area; p++) {
                double grad = g[ik * area + p];
                if (grad != 0) {
                    double g2 = grad * grad;
                    double aij = g2 / (2 * g2 + sumA[ik] * g2 * grad + EPS);
                    weight += aij * Math.max(grad, 0);
                }
            }
            alpha[ik] = (float) weight;
        }
        return alpha;
    }
}
