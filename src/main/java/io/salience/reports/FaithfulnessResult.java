package io.salience.reports;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The scores of one method's map of one image in a report, with the random map's. Curves are comma-separated. */
@Entity
@Table(name = "faithfulness_result")
public class FaithfulnessResult {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "faithfulness_result_seq")
    @SequenceGenerator(name = "faithfulness_result_seq", sequenceName = "faithfulness_result_seq", allocationSize = 50)
    private Long id;

    private long reportId;
    private String method;
    private int imageId;
    private int targetClass;
    private double probability;
    private double road;
    private double deletionAuc;
    private double insertionAuc;
    private String morf;
    private String lerf;
    private double randomRoad;
    private double randomDeletionAuc;
    private double randomInsertionAuc;
    private String randomMorf;
    private String randomLerf;

    protected FaithfulnessResult() {}

    public FaithfulnessResult(long reportId, String method, int imageId, int targetClass, double probability,
            double road, double deletionAuc, double insertionAuc, double[] morf, double[] lerf, double randomRoad,
            double randomDeletionAuc, double randomInsertionAuc, double[] randomMorf, double[] randomLerf) {
        this.reportId = reportId;
        this.method = method;
        this.imageId = imageId;
        this.targetClass = targetClass;
        this.probability = probability;
        this.road = road;
        this.deletionAuc = deletionAuc;
        this.insertionAuc = insertionAuc;
        this.morf = join(morf);
        this.lerf = join(lerf);
        this.randomRoad = randomRoad;
        this.randomDeletionAuc = randomDeletionAuc;
        this.randomInsertionAuc = randomInsertionAuc;
        this.randomMorf = join(randomMorf);
        this.randomLerf = join(randomLerf);
    }

    private static String join(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(java.util.Locale.ROOT, "%.6g", v))
                .collect(Collectors.joining(","));
    }

    static double[] split(String values) {
        return Arrays.stream(values.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    public long getReportId() { return reportId; }
    public String getMethod() { return method; }
    public int getImageId() { return imageId; }
    public int getTargetClass() { return targetClass; }
    public double getProbability() { return probability; }
    public double getRoad() { return road; }
    public double getDeletionAuc() { return deletionAuc; }
    public double getInsertionAuc() { return insertionAuc; }
    public double[] getMorf() { return split(morf); }
    public double[] getLerf() { return split(lerf); }
    public double getRandomRoad() { return randomRoad; }
    public double getRandomDeletionAuc() { return randomDeletionAuc; }
    public double getRandomInsertionAuc() { return randomInsertionAuc; }
    public double[] getRandomMorf() { return split(randomMorf); }
    public double[] getRandomLerf() { return split(randomLerf); }
}
