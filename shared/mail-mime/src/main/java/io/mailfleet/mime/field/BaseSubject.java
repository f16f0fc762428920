package io.mailfleet.mime.field;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base subject of RFC 5256 §2.1, which SORT SUBJECT compares and THREAD groups by, and whether
 * extracting it removed a reply or forward marker (which the REFERENCES algorithm's step 5 looks at).
 *
 * @param text the base subject, lowercased so that comparing it ignores case
 */
public record BaseSubject(String text, boolean replyOrForward) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** {@code subj-trailer = "(fwd)" / WSP}. */
    private static final Pattern TRAILER = Pattern.compile("(\\s|\\(fwd\\))+$", Pattern.CASE_INSENSITIVE);
    private static final String BLOB = "\\[[^\\[\\]]*\\]\\s*";
    /** {@code subj-leader = (*subj-blob subj-refwd) / WSP}, {@code subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"}. */
    private static final Pattern REFWD = Pattern.compile("^(" + BLOB + ")*(re|fwd?)\\s*(" + BLOB + ")?:", Pattern.CASE_INSENSITIVE);
    private static final Pattern LEADING_SPACE = Pattern.compile("^\\s+");
    private static final Pattern LEADING_BLOB = Pattern.compile("^" + BLOB);
    /** {@code subj-fwd = "[fwd:" subj-base "]"}. */
    private static final Pattern FWD_WRAPPER = Pattern.compile("^\\[fwd:(.*)\\]$", Pattern.CASE_INSENSITIVE);

    /** Extracts the base subject of a subject field value (already unfolded and decoded). */
    public static BaseSubject of(String subject) {
        String text = WHITESPACE.matcher(subject == null ? "" : subject).replaceAll(" ");
        boolean replyOrForward = false;
        while (true) {
            Matcher trailer = TRAILER.matcher(text);
            if (trailer.find()) {
                replyOrForward |= trailer.group().toLowerCase(Locale.ROOT).contains("(fwd)");
                text = text.substring(0, trailer.start());
            }
            String before;
            do {
                before = text;
                text = LEADING_SPACE.matcher(text).replaceFirst("");
                Matcher refwd = REFWD.matcher(text);
                if (refwd.find()) {
                    replyOrForward = true;
                    text = text.substring(refwd.end());
                    continue;
                }
                Matcher blob = LEADING_BLOB.matcher(text);
                if (blob.find() && blob.end() < text.length()) {
                    text = text.substring(blob.end());
                }
            } while (!text.equals(before));
            Matcher wrapper = FWD_WRAPPER.matcher(text);
            if (!wrapper.matches()) {
                return new BaseSubject(text.toLowerCase(Locale.ROOT), replyOrForward);
            }
            replyOrForward = true;
            text = wrapper.group(1);
        }
    }
}
