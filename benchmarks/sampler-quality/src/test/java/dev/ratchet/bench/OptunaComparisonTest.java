package dev.ratchet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The comparison's one-sided p-values are scipy 1.10's
 * {@code mannwhitneyu(x, y, alternative=..., method="asymptotic", use_continuity=True)} (computed
 * with Debian's python3-scipy for these lognormal samples: numpy RandomState(1), 40 of
 * lognormal(0, 1) and 35 of lognormal(0.3, 1)).
 */
class OptunaComparisonTest {
    static final double[] X = {
        5.075095607482667,
        0.5423973578165024,
        0.5896820696846964,
        0.3419917646582245,
        2.375974405448344,
        0.1001046943777184,
        5.724823757306461,
        0.46710234044730126,
        1.375805112409824,
        0.7792912895438865,
        4.31504579322184,
        0.1274360371724246,
        0.7243959063977351,
        0.6810944055128346,
        3.107347419071941,
        0.33290727963289646,
        0.8416187085115914,
        0.41567215518586914,
        1.043117417845707,
        1.7910735948433294,
        0.3326650413031739,
        3.1415732511427357,
        2.4635187660066946,
        1.652838873517535,
        2.4617093079008745,
        0.504731911403975,
        0.8843607374738334,
        0.39228391269827656,
        0.7649933946586496,
        1.6995363298930701,
        0.5007437670587751,
        0.6724997583372797,
        0.5029961816221807,
        0.4294690324738404,
        0.5110713190846211,
        0.9874152596329812,
        0.3271585547673771,
        1.2641698956617375,
        5.258270535277437,
        2.1002243252612454
    };
    static final double[] Y = {
        1.1142309629716813,
        0.5556431740292835,
        0.6394426804828095,
        7.333512535331475,
        1.420214270255741,
        0.7139119478621078,
        1.633811264668042,
        11.025989153854281,
        1.52220349441272,
        2.5022819854413263,
        1.822429170014424,
        0.9490917099819516,
        0.43062475850215454,
        0.9518548517988064,
        1.0953848542912343,
        2.4269205520907717,
        3.12359135097636,
        3.4250020878442244,
        1.7960455388294791,
        3.2711485581754807,
        0.6348300580683437,
        4.725002808009658,
        2.254503610672583,
        1.0019089846929565,
        2.2001337336456364,
        1.251606951613914,
        4.185513461985316,
        6.170727970316828,
        12.00802776495372,
        0.33403939779622743,
        0.31850605109257574,
        0.8150825659597914,
        1.5841327068308144,
        3.24193029062594,
        1.8508314068449871
    };

    @Test
    void oneSidedPValuesMatchScipy() {
        assertEquals(0.9959713747048327, OptunaComparison.oneSided(X, Y), 1e-12);
        assertEquals(0.004157041435846993, OptunaComparison.oneSided(Y, X), 1e-12);
    }

    /** Holm (1979): sorted 0.005 ≤ 0.05/4 and 0.01 ≤ 0.05/3 are rejected; 0.03 > 0.05/2 stops the procedure (and stops it at once in 0.03, 0.04). */
    @Test
    void holmsStepDownStopsAtTheFirstPValueAboveItsThreshold() {
        assertEquals(2, OptunaComparison.holmRejections(new double[] {0.01, 0.04, 0.03, 0.005}, 0.05));
        assertEquals(0, OptunaComparison.holmRejections(new double[] {0.03, 0.04}, 0.05));
        assertEquals(2, OptunaComparison.holmRejections(new double[] {0.02, 0.04}, 0.05));
    }
}
