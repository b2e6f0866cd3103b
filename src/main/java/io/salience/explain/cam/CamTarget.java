package io.salience.explain.cam;

import io.salience.errors.InvalidInputException;
import java.util.List;

/**
 * Which class score a map explains: the predicted class (default), the true class of a test
 * image, or a fixed class given by index or label.
 */
public sealed interface CamTarget {

    /** The class to explain for one image. */
    int resolve(int predicted, Integer trueClass);

    record Predicted() implements CamTarget {
        @Override
        public int resolve(int predicted, Integer trueClass) {
            return predicted;
        }
    }

    record True() implements CamTarget {
        @Override
        public int resolve(int predicted, Integer trueClass) {
            if (trueClass == null) {
                throw InvalidInputException.field("target", "target=true needs a test image with a known class");
            }
            return trueClass;
        }
    }

    record Fixed(int classIndex) implements CamTarget {
        @Override
        public int resolve(int predicted, Integer trueClass) {
            return classIndex;
        }
    }

    /** Parses {@code predicted}, {@code true}, a class index or a class label. */
    static CamTarget parse(String text, List<String> labels) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("predicted")) {
            return new Predicted();
        }
        if (text.equalsIgnoreCase("true")) {
            return new True();
        }
        int index = labels.indexOf(text);
        if (index < 0 && text.chars().allMatch(Character::isDigit) && text.length() < 6) {
            index = Integer.parseInt(text);
        }
        if (index < 0 || index >= labels.size()) {
            throw new InvalidInputException("unknown target '" + text + "': use predicted, true, a class index 0.."
                    + (labels.size() - 1) + " or a label (" + String.join(", ", labels) + ")");
        }
        return new Fixed(index);
    }
}
