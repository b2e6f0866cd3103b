package io.salience.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a synthetic image-folder dataset for recipe benchmarks: ten classes of coloured shapes on
 * noisy backgrounds, 32x32 PNG, so that a recipe's speed of learning can be measured in minutes.
 * Each class has its own shape and its own hue (36 degrees apart, jittered by up to +-12 degrees,
 * random saturation and brightness); size, position, background colour and pixel noise are random.
 * Class folders are numbered so that their sorted order is the class order.
 *
 * <p>Needs only the JDK: {@code java src/test/java/io/salience/bench/ShapesDataset.java OUT [train] [test] [seed]}
 * (defaults 5000, 1000, 1). With {@code --binary} it writes the CIFAR-10 binary layout
 * ({@code OUT/cifar-10-batches-bin/}) instead, the form the PyTorch reference reads.
 */
public final class ShapesDataset {

    static final List<String> CLASSES = List.of("0-disc", "1-square", "2-triangle", "3-diamond", "4-plus",
            "5-ring", "6-frame", "7-cross", "8-two-discs", "9-bar");
    private static final int SIDE = 32;

    private ShapesDataset() {}

    public static void main(String[] args) throws IOException {
        boolean binary = List.of(args).contains("--binary");
        String[] rest = List.of(args).stream().filter(a -> !a.equals("--binary")).toArray(String[]::new);
        if (rest.length < 1) {
            System.err.println("usage: ShapesDataset OUT [train] [test] [seed] [--binary]");
            System.exit(2);
        }
        Path out = Path.of(rest[0]);
        int train = rest.length > 1 ? Integer.parseInt(rest[1]) : 5000;
        int test = rest.length > 2 ? Integer.parseInt(rest[2]) : 1000;
        long seed = rest.length > 3 ? Long.parseLong(rest[3]) : 1;
        Random random = new Random(seed);
        if (binary) {
            Path batches = Files.createDirectories(out.resolve("cifar-10-batches-bin"));
            writeBinary(batches.resolve("data_batch_1.bin"), train, random);
            writeBinary(batches.resolve("test_batch.bin"), test, random);
            Files.writeString(batches.resolve("batches.meta.txt"), String.join("\n", CLASSES) + "\n");
        } else {
            writeFolder(out.resolve("train"), train, random);
            writeFolder(out.resolve("test"), test, random);
        }
        System.out.printf("wrote %d training and %d test images of %d shapes to %s%n", train, test, CLASSES.size(), out);
    }

    private static void writeFolder(Path split, int count, Random random) throws IOException {
        for (String name : CLASSES) {
            Files.createDirectories(split.resolve(name));
        }
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES.size();
            ImageIO.write(draw(label, random), "png",
                    split.resolve(CLASSES.get(label)).resolve(String.format("%05d.png", i)).toFile());
        }
    }

    private static void writeBinary(Path file, int count, Random random) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < count; i++) {
                int label = i % CLASSES.size();
                BufferedImage image = draw(label, random);
                byte[] record = new byte[1 + 3 * SIDE * SIDE];
                record[0] = (byte) label;
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        int rgb = image.getRGB(x, y);
                        for (int c = 0; c < 3; c++) {
                            record[1 + c * SIDE * SIDE + y * SIDE + x] = (byte) (rgb >> (16 - 8 * c));
                        }
                    }
                }
                out.write(record);
            }
        }
    }

    /** One image of class {@code label}. */
    static BufferedImage draw(int label, Random random) {
        float hue = (label * 36f + (random.nextFloat() * 24f - 12f)) / 360f;
        Color foreground = Color.getHSBColor(hue, 0.55f + 0.45f * random.nextFloat(), 0.6f + 0.4f * random.nextFloat());
        Color background = randomColour(random);
        while (distance(background, foreground) < 160) {
            background = randomColour(random);
        }
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(background);
        g.fillRect(0, 0, SIDE, SIDE);
        double size = 12 + random.nextDouble() * 10;
        double cx = size / 2 + 2 + random.nextDouble() * (SIDE - size - 4);
        double cy = size / 2 + 2 + random.nextDouble() * (SIDE - size - 4);
        g.translate(cx, cy);
        // Rotation-invariant shapes stay upright so that, say, a square never becomes a diamond.
        if (label == 2 || label == 9) {
            g.rotate((random.nextDouble() - 0.5) * Math.PI / 6);
        }
        g.setColor(foreground);
        g.fill(shape(label, size));
        g.dispose();
        addNoise(image, random);
        return image;
    }

    private static Shape shape(int label, double s) {
        double h = s / 2;
        return switch (label) {
            case 0 -> new Ellipse2D.Double(-h, -h, s, s);
            case 1 -> new Rectangle2D.Double(-h * 0.8, -h * 0.8, s * 0.8, s * 0.8);
            case 2 -> polygon(0, -h, h, h, -h, h);
            case 3 -> polygon(0, -h, h, 0, 0, h, -h, 0);
            case 4 -> union(new Rectangle2D.Double(-h, -s / 8, s, s / 4), new Rectangle2D.Double(-s / 8, -h, s / 4, s));
            case 5 -> ring(new Ellipse2D.Double(-h, -h, s, s), new Ellipse2D.Double(-h / 2, -h / 2, h, h));
            case 6 -> ring(new Rectangle2D.Double(-h, -h, s, s), new Rectangle2D.Double(-h / 2, -h / 2, h, h));
            case 7 -> new BasicStroke((float) (s / 5)).createStrokedShape(polyline(-h, -h, h, h, -h, h, h, -h));
            case 8 -> union(new Ellipse2D.Double(-h, -h / 2, h, h), new Ellipse2D.Double(0, -h / 2, h, h));
            case 9 -> new Rectangle2D.Double(-s / 8, -h, s / 4, s);
            default -> throw new IllegalArgumentException("no shape " + label);
        };
    }

    private static Shape polygon(double... xy) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }

    /** Two strokes: (x0,y0)-(x1,y1) and (x2,y2)-(x3,y3). */
    private static Shape polyline(double... xy) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        path.lineTo(xy[2], xy[3]);
        path.moveTo(xy[4], xy[5]);
        path.lineTo(xy[6], xy[7]);
        return path;
    }

    private static Shape union(Shape a, Shape b) {
        Area area = new Area(a);
        area.add(new Area(b));
        return area;
    }

    private static Shape ring(Shape outer, Shape hole) {
        Area area = new Area(outer);
        area.subtract(new Area(hole));
        return area;
    }

    private static Color randomColour(Random random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    private static double distance(Color a, Color b) {
        int dr = a.getRed() - b.getRed();
        int dg = a.getGreen() - b.getGreen();
        int db = a.getBlue() - b.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /** Gaussian pixel noise (sd 20 per channel), so that colour alone never separates a shape. */
    private static void addNoise(BufferedImage image, Random random) {
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int rgb = image.getRGB(x, y);
                int r = clamp(((rgb >> 16) & 0xff) + random.nextGaussian() * 20);
                int g = clamp(((rgb >> 8) & 0xff) + random.nextGaussian() * 20);
                int b = clamp((rgb & 0xff) + random.nextGaussian() * 20);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
