package io.mailfleet.mime.field;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 5256 §2.1, step by step. */
class BaseSubjectTest {

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            // (1) runs of whitespace become one space
            "Lunch \t  plans|lunch plans|false",
            // (2) trailing "(fwd)" and whitespace
            "lunch (fwd)  |lunch|true",
            "lunch(FWD) (fwd)|lunch|true",
            // (3) subj-leader: blobs, then re / fw / fwd, an optional blob, a colon
            "Re: lunch|lunch|true",
            "RE: Re: Fwd: lunch|lunch|true",
            "Fw: lunch|lunch|true",
            "Re[2]: lunch|lunch|true",
            "Re [2]: lunch|lunch|true",
            "[list] Re: lunch|lunch|true",
            "[list][other] re : lunch|lunch|true",
            // (4) a leading blob goes only when something is left
            "[list] lunch|lunch|false",
            "[list]|[list]|false",
            "Re: [list]|[list]|true",
            // (5) steps 3 and 4 repeat
            "[a] Re: [b] Fwd: lunch|lunch|true",
            // (6) a [fwd: ...] wrapper goes, and extraction starts again inside it
            "[Fwd: Re: lunch]|lunch|true",
            "[fwd: lunch (fwd)]|lunch|true",
            // no markers: only case folding
            "Lunch|lunch|false",
            "Reply to lunch|reply to lunch|false",
            "|''|false",
    })
    void extractsTheBaseSubject(String subject, String base, boolean replyOrForward) {
        BaseSubject extracted = BaseSubject.of(subject);
        assertThat(extracted.text()).isEqualTo(base.equals("''") ? "" : base);
        assertThat(extracted.replyOrForward()).isEqualTo(replyOrForward);
    }
}
