package org.transferlab.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The two-layer network f(x) = (1/(gamma N)) sum_i w_i phi(W_i.x/sqrt D) of THEORY 1.3.
 *
 * @param activation linear | relu
 * @param width      hidden width N of the finite-width simulation (the theory is N = infinity)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkSpec(String activation, Integer width) {
    public static final List<String> ACTIVATIONS = List.of("linear", "relu");

    NetworkSpec withDefaults() {
        return new NetworkSpec(activation == null ? "linear" : activation, width == null ? 1000 : width);
    }
}
