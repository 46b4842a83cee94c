package org.transferlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.protocol.spec.TheorySpec;

class SpecValidatorTest {

    private static List<FieldError> errorsOf(String json) {
        return SpecValidator.validate(SpecFixtures.parse(json).withDefaults());
    }

    private static List<String> fields(String json) {
        return errorsOf(json).stream().map(FieldError::field).toList();
    }

    private static String jsonString(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aValidSpecHasNoErrorsAndGetsItsDefaults() {
        ExperimentSpec spec = SpecValidator.validated(SpecFixtures.parse(SpecFixtures.LINEAR));
        assertThat(spec.protocols()).containsExactly("scratch", "finetune", "joint");
        assertThat(spec.target().ridge()).isZero();
        assertThat(spec.theory().chi()).isEqualTo("gradientFlow");
        assertThat(spec.withDefaults()).isEqualTo(spec);
    }

    @Test
    void theBayesMethodRefusesTheGradientDescentKnobsItHasNoCounterpartFor() {
        String bayes = """
                {"network":{"activation":"relu"},"inputDim":10,"source":{"samples":20%s},
                 "target":{"samples":10%s},"methods":["theory","bayes"]%s}""";
        assertThat(fields(bayes.formatted("", "", ""))).isEmpty();
        ExperimentSpec spec = SpecValidator.validated(SpecFixtures.parse(bayes.formatted("", "", "")));
        assertThat(spec.theory().bayes()).isEqualTo(new TheorySpec.BayesSpec(1000.0, 8192, 8));
        assertThat(SpecValidator.validated(SpecFixtures.parse(SpecFixtures.LINEAR)).theory().bayes())
                .as("specs without the method keep their ids: no bayes settings added").isNull();
        List<FieldError> errors = errorsOf(bayes.formatted(",\"weightDecay\":0.1", ",\"ridge\":0.5",
                ",\"theory\":{\"bayes\":{\"samples\":10,\"conditionalSamples\":0}}"));
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("source.weightDecay", "target.ridge",
                "theory.bayes.samples", "theory.bayes.conditionalSamples");
        assertThat(fields(bayes.formatted("", ",\"readoutStart\":\"source\"", ""))).containsExactly("target.readoutStart");
        assertThat(errors).filteredOn(e -> e.field().equals("theory.bayes.samples")).singleElement()
                .extracting(FieldError::message).asString().contains("[1000, 1000000]", "10");
        assertThat(errors).filteredOn(e -> e.field().equals("source.weightDecay")).singleElement()
                .extracting(FieldError::message).asString().contains("prior precision 1", "1/theory.bayes.beta");
        assertThat(fields("""
                {"inputDim":10,"source":{"samples":20},"target":{"samples":10},"methods":["theory"],
                 "theory":{"bayes":{"beta":10}}}""")).containsExactly("theory.bayes");
    }

    @Test
    void theParticleDrawIsOneOfItsNamesAndIidIsLeftOutOfTheSpec() {
        String relu = """
                {"network":{"activation":"relu"},"inputDim":10,"source":{"samples":20},"target":{"samples":10},
                 "methods":["theory"],"theory":{"particleDraw":%s}}""";
        assertThat(fields(relu.formatted("\"orthogonalAntithetic\""))).isEmpty();
        assertThat(errorsOf(relu.formatted("\"sobol\""))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("theory.particleDraw");
            assertThat(e.message()).contains("iid", "antithetic", "orthogonalAntithetic", "sobol");
        });
        // the default is not written out, so that the ids of specs from before the field hold
        assertThat(SpecValidator.validated(SpecFixtures.parse(relu.formatted("\"iid\""))))
                .isEqualTo(SpecValidator.validated(SpecFixtures.parse(relu.formatted("null"))));
        assertThat(SpecValidator.validated(SpecFixtures.parse(relu.formatted("null"))).theory().particleDrawOrDefault())
                .isEqualTo("iid");
    }

    @Test
    void alignmentsMustFitInAUnitVector() {
        List<FieldError> errors = errorsOf(SpecFixtures.LINEAR.replace("\"alignment\":0.6",
                "\"alignment\":0.9,\"noiseAlignment\":0.5"));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("target.task.noiseAlignment");
            assertThat(e.message()).contains("<= 1");
        });
    }

    @Test
    void everyBadFieldIsReportedWithItsLimit() {
        List<FieldError> errors = errorsOf("""
                {"inputDim":0,"network":{"activation":"tanh"},
                 "source":{"samples":-3,"gamma":0},"target":{"samples":10,"task":{"alignment":1.5}},
                 "protocols":["finetune","distill"],"seeds":0}""");
        assertThat(errors).extracting(FieldError::field).contains("inputDim", "network.activation",
                "source.samples", "source.gamma", "target.task.alignment", "protocols[1]", "seeds");
        assertThat(errors).filteredOn(e -> e.field().equals("source.samples"))
                .singleElement().extracting(FieldError::message).asString().contains("[1, 200000]", "-3");
    }

    @Test
    void aPhaseIsTimedByTimeOrByStepsAndItsToleranceIsAShare() {
        String timed = SpecFixtures.LINEAR.replace("\"samples\":16,", "\"samples\":16,\"time\":50,");
        assertThat(fields(timed)).isEmpty();
        assertThat(SpecValidator.validated(SpecFixtures.parse(timed)).target().steps()).isNull();
        assertThat(fields(timed.replace("\"time\":50,", "\"time\":50,\"steps\":100,"))).containsExactly("target.steps");
        assertThat(fields(timed.replace("\"time\":50,", "\"time\":-1,"))).containsExactly("target.time");
        assertThat(fields(timed.replace("\"time\":50,", "\"time\":50,\"trainLossTolerance\":2,")))
                .containsExactly("target.trainLossTolerance");
        assertThat(fields(SpecFixtures.LINEAR.replace("\"type\":\"linear\",\"alignment\"",
                "\"type\":\"linear\",\"centred\":true,\"alignment\""))).isEmpty();
    }

    @Test
    void theFirstDrawIsAnIndexBelowTheSeedLimit() {
        String json = SpecFixtures.LINEAR.replaceFirst("\\{", "{\"firstSeed\":%d,");
        assertThat(fields(json.formatted(0))).isEmpty();
        assertThat(fields(json.formatted(SpecValidator.MAX_SEEDS - 1))).isEmpty();
        assertThat(fields(json.formatted(-1))).containsExactly("firstSeed");
        assertThat(fields(json.formatted(SpecValidator.MAX_SEEDS))).containsExactly("firstSeed");
    }

    @Test
    void hugeButFiniteNumbersAreRefusedWithTheFieldAndItsLimit() {
        String json = SpecFixtures.LINEAR.replace("\"noise\":0.0", "\"noise\":1e308");
        assertThat(errorsOf(json)).filteredOn(e -> e.field().endsWith(".task.noise")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.message()).contains("[0, " + SpecValidator.MAX_STRENGTH + "]", "1.0E308"));
    }

    @Test
    void theReadoutStartIsCheckedWhereItApplies() {
        String relu = SpecFixtures.LINEAR.replace("\"activation\":\"linear\"", "\"activation\":\"relu\"");
        assertThat(fields(relu.replace("\"samples\":16,", "\"samples\":16,\"readoutStart\":\"source\","))).isEmpty();
        assertThat(fields(relu.replace("\"samples\":16,", "\"samples\":16,\"readoutStart\":\"sideways\",")))
                .containsExactly("target.readoutStart");
        assertThat(fields(relu.replace("\"samples\":16,", "\"samples\":16,\"readoutStart\":\"source\",\"ridge\":0.1,")))
                .containsExactly("target.readoutStart");
        assertThat(fields(relu.replace("\"samples\":30,", "\"samples\":30,\"readoutStart\":\"zero\",")))
                .containsExactly("source.readoutStart");
        assertThat(fields(SpecFixtures.LINEAR.replace("\"samples\":16,", "\"samples\":16,\"readoutStart\":\"source\",")))
                .containsExactly("target.readoutStart");
    }

    @Test
    void linearNetworksTakeLinearTeachersOnly() {
        assertThat(fields(SpecFixtures.LINEAR.replace("\"type\":\"linear\",\"noise\"", "\"type\":\"quadratic\",\"noise\"")))
                .containsExactly("source.task.type");
    }

    @Test
    void datasetTasksNameARegisteredDatasetOrAConfinedRelativePath() {
        String template = """
                {"network":{"activation":"relu","width":64},
                 "source":{"task":{"type":"dataset",%s,"classes":[0,1]},"samples":20,"gamma":1.0},
                 "target":{"task":{"type":"dataset","name":"fashion-mnist","classes":[0,9]},"samples":10,"gamma":1.0},
                 "methods":["simulation"]}""";
        assertThat(errorsOf(template.formatted("\"name\":\"fashion-mnist\""))).isEmpty();
        assertThat(errorsOf(template.replace("relu", "linear").formatted("\"name\":\"fashion-mnist\""))).isEmpty();
        assertThat(SpecValidator.validated(SpecFixtures.parse(template.formatted("\"name\":\"cifar10\"")))
                .source().task().format()).isEqualTo("cifar10");
        assertThat(errorsOf(template.formatted("\"path\":\"sets/my_data-1.csv\",\"format\":\"csv\""))).isEmpty();
        for (String hostile : List.of("/etc/passwd", "../secret.csv", "a/../../b", "./a.csv", "a//b", "~/x", "a\\b",
                "/proc/self/environ", "C:x", "a\u0000b", "x".repeat(256), "")) {
            String json = template.formatted("\"path\":" + jsonString(hostile) + ",\"format\":\"csv\"");
            List<FieldError> errors = errorsOf(json);
            assertThat(errors).as(hostile).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("source.task.path");
                assertThat(e.message()).contains("relative to the data root");
                if (hostile.length() > 3) {
                    assertThat(e.message()).doesNotContain(hostile);
                }
            });
        }
        assertThat(fields(template.formatted("\"name\":\"imagenet\""))).containsExactly("source.task.name");
        assertThat(fields(template.formatted("\"name\":\"mnist\",\"path\":\"mnist\""))).containsExactly("source.task.name");
        assertThat(fields(template.formatted("\"name\":\"mnist\",\"format\":\"csv\""))).containsExactly("source.task.format");
        assertThat(fields(template.formatted("\"format\":\"csv\""))).containsExactly("source.task.name");
        assertThat(fields(SpecFixtures.LINEAR.replace("\"type\":\"linear\",\"noise\"", "\"type\":\"linear\",\"name\":\"mnist\",\"noise\"")))
                .containsExactly("source.task.name");
    }

    @Test
    void captionConventionIsRefusedAboveGammaOne() {
        String json = SpecFixtures.LINEAR.replace("\"gamma\":1.0", "\"gamma\":1.5")
                .replace("\"seeds\":2", "\"seeds\":2,\"theory\":{\"chi\":\"caption\"}");
        assertThat(fields(json)).containsExactly("source.gamma");
    }

    @Test
    void sweepPathsAndPointsAreChecked() {
        assertThat(fields(SpecFixtures.LINEAR.replace("\"seeds\":2", "\"seeds\":2,\"sweep\":{\"target.colour\":[1]}")))
                .containsExactly("sweep.target.colour");
        List<FieldError> errors = errorsOf(SpecFixtures.LINEAR.replace("\"seeds\":2",
                "\"seeds\":2,\"sweep\":{\"target.samples\":[10,-1]}"));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("target.samples");
            assertThat(e.message()).contains("sweep point");
        });
    }

    @Test
    void validatedThrowsWithAllErrors() {
        assertThatThrownBy(() -> SpecValidator.validated(SpecFixtures.parse("{\"inputDim\":-1}")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("inputDim");
    }
}
