package io.salience.explain.cam;

import io.salience.model.FeatureLayer;
import org.springframework.stereotype.Component;

/** HiResCAM (Draelos and Carin, 2020): ReLU(sum_k dy_c/dA_k * A_k), position by position. */
@Component
public class HiResCam extends ChannelCam {

    @Override
    public boolean onePassAtLayer4() {
        return true;
    }

    @Override
    public String id() {
        return "hirescam";
    }

    @Override
    public String description() {
        return "HiResCAM (Draelos and Carin 2020): gradient times activation at every position, summed over channels; "
                + "provably shows the locations the score used";
    }

    @Override
    protected float[] weightedActivations(CamContext context, FeatureLayer layer) {
        return product(context.gradients(layer), context.activations(layer), false);
    }

    /** g * a elementwise, with g ReLU'd first when asked. */
    static float[] product(float[] g, float[] a, boolean positiveGradientsOnly) {
        float[] m = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            m[i] = (positiveGradientsOnly ? Math.max(0f, g[i]) : g[i]) * a[i];
        }
        return m;
    }
}
