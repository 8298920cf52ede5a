package io.ephemeralns.webhook.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckTest {

    @Test
    void evaluatesEveryCheckAndKeepsTheirOrder() {
        List<Check<String>> checks = List.of(
                new Check<>("first", name -> Findings.violation(Optional.of(name + " one"))),
                new Check<>("second", name -> Findings.warning(name + " careful")),
                new Check<>("third", name -> Findings.none()),
                new Check<>("fourth", name -> Findings.violations(List.of(name + " two", name + " three"))));

        Findings found = Check.all(checks, "x");

        assertThat(found.violations()).containsExactly("x one", "x two", "x three");
        assertThat(found.warnings()).containsExactly("x careful");
    }

    @Test
    void theNamespaceChecksAreNamedInTheOrderOfTheMessage() {
        assertThat(NamespaceChecks.ALL).extracting(Check::name).containsExactly(
                "becomes CI only within the label window",
                "product keys are the product's",
                "an extension request can be granted",
                "ttl is valid and within bounds",
                "ttl is not removed",
                "selector labels are kept",
                "profile exists",
                "CI namespaces stay under max-namespaces");
    }
}
