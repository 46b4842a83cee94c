package org.transferlab.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What a phase learns. Synthetic tasks ({@code linear}, {@code quadratic}, {@code hermite}) are teacher
 * functions of Gaussian inputs; {@code dataset} reads two classes of a file and maps them to -1/+1.
 *
 * @param type           linear | quadratic | hermite | dataset
 * @param noise          label-noise standard deviation sigma (training labels; test labels are clean)
 * @param alignment      target only: cosine alpha_s between the source and target teacher directions
 * @param noiseAlignment target only, linear: overlap alpha_g with the source fit's noise direction (THEORY 1.2)
 * @param degree         hermite only: degree k of He_k
 * @param name           dataset only: a registered dataset ({@link #REGISTERED}), instead of a path
 * @param path           dataset only: file or folder relative to the data root ({@link DatasetPath})
 * @param format         dataset only: cifar10 | mnist | csv (implied by a registered name)
 * @param classes        dataset only: the two classes mapped to -1 and +1
 * @param whiten         dataset only: whiten the inputs with one map fitted on the training images of the source
 *                       and target classes, applied alike to every split (docs/datasets.md, Preprocessing)
 * @param centred        synthetic only: subtract the teacher function's population mean (z^2 becomes z^2 - E z^2)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskSpec(String type, Double noise, Double alignment, Double noiseAlignment, Integer degree,
                       String name, String path, String format, List<Integer> classes, Boolean whiten, Boolean centred) {

    public static final List<String> TYPES = List.of("linear", "quadratic", "hermite", "dataset");
    public static final List<String> FORMATS = List.of("cifar10", "mnist", "csv");
    /** Datasets a task may name instead of giving a path, with the file format each is read in. */
    public static final Map<String, String> REGISTERED = Map.of("fashion-mnist", "mnist", "mnist", "mnist", "cifar10", "cifar10");

    /** A task without the centring option (a dataset, or a teacher used as drawn). */
    public TaskSpec(String type, Double noise, Double alignment, Double noiseAlignment, Integer degree, String name,
                    String path, String format, List<Integer> classes, Boolean whiten) {
        this(type, noise, alignment, noiseAlignment, degree, name, path, format, classes, whiten, null);
    }

    TaskSpec withDefaults(boolean isTarget) {
        String t = type == null ? "linear" : type;
        return new TaskSpec(t,
                noise == null ? 0.0 : noise,
                isTarget && alignment == null && !"dataset".equals(t) ? Double.valueOf(1.0) : alignment,
                isTarget && noiseAlignment == null && "linear".equals(t) ? Double.valueOf(0.0) : noiseAlignment,
                "hermite".equals(t) && degree == null ? Integer.valueOf(2) : degree,
                name, path, format == null && name != null ? REGISTERED.get(name) : format, classes == null ? null : List.copyOf(classes),
                "dataset".equals(t) && whiten == null ? Boolean.FALSE : whiten,
                !"dataset".equals(t) && centred == null ? Boolean.FALSE : centred);
    }
}
