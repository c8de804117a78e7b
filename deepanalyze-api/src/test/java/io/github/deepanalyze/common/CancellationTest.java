package io.github.deepanalyze.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cancellation signal's contract: one-way, each callback exactly once, and {@code none()} never cancelled. */
class CancellationTest {

    @Test
    void cancelsOnceAndSaysWhichCallDidIt() {
        Cancellation c = Cancellation.create();

        assertThat(c.isCancelled()).isFalse();
        assertThat(c.cancel()).isTrue();
        assertThat(c.cancel()).isFalse();
        assertThat(c.isCancelled()).isTrue();
    }

    @Test
    void throwIfCancelledThrowsOnlyAfterCancel() {
        Cancellation c = Cancellation.create();

        assertThatCode(c::throwIfCancelled).doesNotThrowAnyException();
        c.cancel();
        assertThatThrownBy(c::throwIfCancelled).isInstanceOf(AnalysisCancelledException.class)
                .hasMessageContaining("cancelled");
    }

    @Test
    void runsEachCallbackOnceOnTheCancellingThread() {
        Cancellation c = Cancellation.create();
        List<String> ran = new ArrayList<>();
        c.onCancel(() -> ran.add("a:" + Thread.currentThread().getName()));
        c.onCancel(() -> ran.add("b:" + Thread.currentThread().getName()));

        c.cancel();
        c.cancel();

        String me = Thread.currentThread().getName();
        assertThat(ran).containsExactlyInAnyOrder("a:" + me, "b:" + me);
    }

    @Test
    void runsACallbackRegisteredAfterCancelImmediately() {
        Cancellation c = Cancellation.create();
        c.cancel();
        AtomicInteger runs = new AtomicInteger();

        c.onCancel(runs::incrementAndGet);

        assertThat(runs).hasValue(1);
    }

    @Test
    void doesNotRunAClosedRegistration() {
        Cancellation c = Cancellation.create();
        AtomicInteger runs = new AtomicInteger();
        try (Cancellation.Registration r = c.onCancel(runs::incrementAndGet)) {
            assertThat(runs).hasValue(0);
        }

        c.cancel();

        assertThat(runs).hasValue(0);
    }

    @Test
    void aThrowingCallbackDoesNotStopTheOthers() {
        Cancellation c = Cancellation.create();
        AtomicInteger runs = new AtomicInteger();
        c.onCancel(() -> {
            throw new IllegalStateException("broken abort hook");
        });
        c.onCancel(runs::incrementAndGet);

        assertThat(c.cancel()).isTrue();
        assertThat(runs).hasValue(1);
    }

    @Test
    void runsACallbackExactlyOnceWhenCancelRacesWithItsRegistration() throws Exception {
        // cancel() and onCancel() start together on two threads, many times over: whichever way
        // they interleave, the callback runs once. (It ran twice when cancel() walked the list
        // between onCancel's add and its own already-cancelled check.) The threads meet by
        // spinning, not by a barrier, so they really do start within nanoseconds of each other.
        int rounds = 50_000;
        Cancellation[] signals = new Cancellation[rounds];
        AtomicInteger[] runs = new AtomicInteger[rounds];
        for (int i = 0; i < rounds; i++) {
            signals[i] = Cancellation.create();
            runs[i] = new AtomicInteger();
        }
        AtomicInteger go = new AtomicInteger(-1);
        AtomicInteger done = new AtomicInteger(-1);
        Thread canceller = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < rounds; i++) {
                awaitAtLeast(go, i);
                signals[i].cancel();
                done.set(i);
            }
        });
        for (int i = 0; i < rounds; i++) {
            go.set(i);
            signals[i].onCancel(runs[i]::incrementAndGet);
            awaitAtLeast(done, i);
        }
        canceller.join();

        for (int i = 0; i < rounds; i++) {
            assertThat(runs[i]).as("round %d", i).hasValue(1);
        }
    }

    /** Spins (yielding now and then, for a loaded machine with fewer free cores than threads) until {@code v >= n}. */
    private static void awaitAtLeast(AtomicInteger v, int n) {
        for (int spins = 1; v.get() < n; spins++) {
            if (spins % 1_000 == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void noneIsNeverCancelled() {
        Cancellation none = Cancellation.none();
        AtomicInteger runs = new AtomicInteger();
        none.onCancel(runs::incrementAndGet);

        assertThat(none.cancel()).isFalse();

        assertThat(none.isCancelled()).isFalse();
        assertThatCode(none::throwIfCancelled).doesNotThrowAnyException();
        assertThat(runs).hasValue(0);
        assertThat(Cancellation.none()).isSameAs(none);
    }

    @Test
    void createGivesIndependentSignals() {
        Cancellation a = Cancellation.create();
        Cancellation b = Cancellation.create();

        a.cancel();

        assertThat(b.isCancelled()).isFalse();
    }

    @Test
    void refusesANullCallback() {
        assertThatThrownBy(() -> Cancellation.create().onCancel(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("callback");
        assertThatThrownBy(() -> Cancellation.none().onCancel(null)).isInstanceOf(NullPointerException.class);
    }
}
