package io.mailfleet.mime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The trigram filter of a search text: never rules out a substring, rules out most strings that are not one. */
class TextSignatureTest {

    @Test
    void everySubstringOfTheTextPasses() {
        Random random = new Random(15);
        for (int round = 0; round < 200; round++) {
            String text = SearchText.fold(randomText(random, 1 + random.nextInt(3000)));
            byte[] signature = TextSignature.of(text);
            for (int probe = 0; probe < 50; probe++) {
                int start = random.nextInt(text.length());
                int end = Math.min(text.length(), start + 1 + random.nextInt(20));
                assertThat(TextSignature.mayContain(signature, text.substring(start, end)))
                        .as("%s in a text of %d characters", text.substring(start, end), text.length()).isTrue();
            }
        }
    }

    @Test
    void rulesOutMostStringsTheTextLacks() {
        Random random = new Random(16);
        String text = SearchText.fold(randomText(random, 3500));
        byte[] signature = TextSignature.of(text);
        int passed = 0;
        int absent = 0;
        for (int probe = 0; probe < 10_000; probe++) {
            String needle = randomWord(random, 6);
            if (!text.contains(needle)) {
                absent++;
                passed += TextSignature.mayContain(signature, needle) ? 1 : 0;
            }
        }
        // Four trigrams each passing about one time in six: far fewer than one in a hundred pass.
        assertThat(absent).isGreaterThan(9_000);
        assertThat(passed).isLessThan(absent / 100);
    }

    @Test
    void stringsShorterThanATrigramAlwaysPass() {
        byte[] signature = TextSignature.of("hello world");
        assertThat(TextSignature.mayContain(signature, "")).isTrue();
        assertThat(TextSignature.mayContain(signature, "zq")).isTrue();
        assertThat(TextSignature.mayContain(signature, "zqx")).isFalse();
    }

    @Test
    void matchesInEveryScriptOnceFolded() {
        String text = SearchText.fold("Grüße aus KÖLN, Straße; ΣΟΦΟΣ 東京タワー 😀 emoji");
        byte[] signature = TextSignature.of(text);
        for (String needle : new String[] {"grüsse", "köln", "strasse", "σοφοσ", "東京タ", "😀 e"}) {
            assertThat(TextSignature.mayContain(signature, SearchText.fold(needle))).as(needle).isTrue();
        }
    }

    @Test
    void sizedToTheTextWithinItsBounds() {
        assertThat(TextSignature.of("")).hasSize(1 + TextSignature.MIN_BYTES);
        // Eight distinct trigrams: 4 bits each would be 4 bytes, and the false passes make 32 worth reading.
        assertThat(TextSignature.of("bench17-".repeat(500))).hasSize(1 + 32);
        Random random = new Random(17);
        int distinctish = TextSignature.of(SearchText.fold(randomText(random, 3500))).length - 1;
        assertThat(Integer.bitCount(distinctish)).isEqualTo(1);
        assertThat(distinctish).isBetween(512, 4096);
        assertThat(TextSignature.of(randomText(random, 100_000))).hasSize(1 + TextSignature.MAX_BYTES);
    }

    /** The filter's size follows the distinct trigrams exactly, repeats and text of U+0000 included. */
    @Test
    void sizedByTheCountOfDistinctTrigrams() {
        Random random = new Random(18);
        List<String> texts = new ArrayList<>(List.of("\0\0\0\0", "\0\0\0abc\0\0\0", "ab".repeat(2000)));
        for (int round = 0; round < 80; round++) {
            // Few letters make many repeats; many make nearly all distinct, past the largest filter too.
            texts.add(randomText(random, random.nextInt(40_000), 2 + random.nextInt(60)));
        }
        for (String text : texts) {
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i + 3 <= text.length(); i++) {
                distinct.add(text.substring(i, i + 3));
            }
            assertThat(TextSignature.of(text)).as("%d distinct trigrams", distinct.size())
                    .hasSize(1 + TextSignature.bytesFor(distinct.size()));
        }
    }

    @Test
    void neverFewerThanFourBitsPerTrigramNorPastTheBounds() {
        for (int distinct = 0; distinct <= 40_000; distinct += distinct < 600 ? 1 : 97) {
            int bytes = TextSignature.bytesFor(distinct);
            assertThat(Integer.bitCount(bytes)).as("%d trigrams", distinct).isEqualTo(1);
            assertThat(bytes).as("%d trigrams", distinct).isBetween(TextSignature.MIN_BYTES, TextSignature.MAX_BYTES);
            assertThat(bytes * 8L).as("%d trigrams", distinct)
                    .isGreaterThanOrEqualTo(Math.min(TextSignature.MAX_BYTES * 8L, (long) TextSignature.BITS_PER_TRIGRAM * distinct));
        }
        // A message's usual text keeps 4 bits per trigram, rounded up: the slice every search reads does not grow.
        assertThat(TextSignature.bytesFor(2_000)).isEqualTo(1024);
    }

    /** A short text rules out a string one trigram away from its own words: its filter is not the smallest. */
    @Test
    void shortTextsRuleOutAStringThatDiffersInOneTrigram() {
        Random random = new Random(19);
        int probes = 0;
        int passed = 0;
        while (probes < 5_000) {
            String text = SearchText.fold(randomText(random, 10 + random.nextInt(25)));
            byte[] signature = TextSignature.of(text);
            // Its last three characters are a trigram the text lacks; the ones before are the text's own.
            int start = random.nextInt(text.length() - 2);
            String needle = text.substring(start, start + 2) + (char) ('a' + random.nextInt(26));
            String prefix = start >= 3 ? text.substring(start - 3, start) : "";
            if (text.contains(needle.substring(needle.length() - 3)) || !text.contains(prefix + needle.substring(0, 2))) {
                continue;
            }
            probes++;
            passed += TextSignature.mayContain(signature, prefix + needle) ? 1 : 0;
        }
        // With 4 bits per trigram such a text's 8 or 16 bytes pass about one such string in ten.
        assertThat(passed).isLessThan(probes * 3 / 100);
    }

    @Test
    void aSmallestSignatureWrittenBeforeIsStillRead() {
        byte[] empty = new byte[1 + TextSignature.MIN_BYTES];
        empty[0] = 1;
        assertThat(TextSignature.mayContain(empty, "zqx")).isFalse();
    }

    @Test
    void anUnknownFormatRulesNothingOut() {
        byte[] signature = TextSignature.of("hello world");
        signature[0] = 2;
        assertThat(TextSignature.mayContain(signature, "zqx")).isTrue();
        assertThat(TextSignature.mayContain(new byte[0], "zqx")).isTrue();
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(randomWord(random, 2 + random.nextInt(9))).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        return text.substring(0, length);
    }

    private static String randomText(Random random, int length, int letters) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(letters)));
        }
        return text.toString();
    }

    private static String randomWord(Random random, int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }
}
