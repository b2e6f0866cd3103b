package io.salience.explain.cam;

import io.salience.model.FeatureLayer;
import org.springframework.stereotype.Component;

/** LayerCAM (Jiang et al., 2021): ReLU(sum_k ReLU(dy_c/dA_k) * A_k), position by position. */
@Component
public class LayerCam extends ChannelCam {

    @Override
    public boolean onePassAtLayer4() {
        return true;
    }

    @Override
    public String id() {
        return "layercam";
    }

    @Override
    public String description() {
        return "LayerCAM (Jiang et al. 2021): activations weighted by their positive gradients position by position; "
                + "sharp in early layers";
    }

    @Override
    protected float[] weightedActivations(CamContext context, FeatureLayer layer) {
        return HiResCam.product(context.gradients(layer), context.activations(layer), true);
    }
}
