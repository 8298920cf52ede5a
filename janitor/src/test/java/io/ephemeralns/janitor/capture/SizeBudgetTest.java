package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizeBudgetTest {

    @Test
    void anEntryThatFitsIsTakenWholeWithoutANote() {
        SizeBudget budget = new SizeBudget(100);
        assertThat(budget.take("events.yaml", 40)).isEqualTo(40);
        assertThat(budget.remaining()).isEqualTo(60);
        assertThat(budget.truncated()).isFalse();
        assertThat(budget.notes()).isEmpty();
    }

    @Test
    void anEntryLargerThanWhatIsLeftIsCutAndNoted() {
        SizeBudget budget = new SizeBudget(100);
        budget.take("events.yaml", 70);
        assertThat(budget.take("objects/pods.yaml", 50)).isEqualTo(30);
        assertThat(budget.truncated()).isTrue();
        assertThat(budget.notes()).singleElement().asString().contains("objects/pods.yaml", "cut at 30 of 50");
    }

    @Test
    void onceNothingIsLeftAnEntryIsLeftOut() {
        SizeBudget budget = new SizeBudget(10);
        budget.take("a", 10);
        assertThat(budget.take("b", 5)).isZero();
        assertThat(budget.notes()).singleElement().asString().contains("b: left out");
        assertThat(budget.used()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0} bytes free shared by {1} logs: {2} each")
    @CsvSource({"100, 4, 25", "100, 1, 100", "3, 10, 1", "0, 2, 1", "100, 0, 100"})
    void aLogAsksForItsFairShare(long free, int left, long share) {
        SizeBudget budget = new SizeBudget(200);
        budget.take("x", 200 - free);
        assertThat(budget.share(left)).isEqualTo(share);
    }

    @Test
    void aReadFailureIsNotedButIsNoTruncation() {
        SizeBudget budget = new SizeBudget(10);
        budget.note("events.yaml: not read: HTTP 403");
        assertThat(budget.truncated()).isFalse();
        assertThat(budget.notes()).containsExactly("events.yaml: not read: HTTP 403");
    }

    @Test
    void aLogThatFilledItsShareIsATruncation() {
        SizeBudget budget = new SizeBudget(10);
        budget.limited("logs/p/c.log", 5, 12, false);
        assertThat(budget.truncated()).isTrue();
    }

    @Test
    void notesAreBoundedAndTheRestCounted() {
        SizeBudget budget = new SizeBudget(1);
        for (int i = 0; i < SizeBudget.MAX_NOTES + 3; i++) {
            budget.omit("logs/p/c" + i + ".log");
        }
        assertThat(budget.notes()).hasSize(SizeBudget.MAX_NOTES + 1).last().isEqualTo("and 3 more");
    }

    @Test
    void aCapBelowOneByteIsRefused() {
        assertThatThrownBy(() -> new SizeBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
