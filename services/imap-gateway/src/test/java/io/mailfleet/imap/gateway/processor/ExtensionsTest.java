package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.CommandKind;
import io.mailfleet.imap.session.Capabilities;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/** Nothing the gateway advertises may be unimplemented. */
class ExtensionsTest {

    /** Commands of an advertised extension that the core answers by itself, with no store work. */
    private static final Set<CommandKind> ANSWERED_BY_THE_CORE = Set.of(CommandKind.NAMESPACE, CommandKind.UNSELECT,
            CommandKind.COMPRESS);

    /**
     * The extensions that add no command of their own, each with where the gateway carries it out. A new
     * extension in the core fails this test until someone has checked the gateway does it in full.
     */
    private static final Map<String, String> BEHAVIOURS = Map.ofEntries(
            entry("UIDPLUS", "AppendProcessor APPENDUID, CopyProcessor COPYUID"),
            entry("CHILDREN", "ListProcessor \\HasChildren"),
            entry("LIST-EXTENDED", "ListProcessor selection and return options"),
            entry("LIST-STATUS", "ListProcessor RETURN (STATUS)"),
            entry("SPECIAL-USE", "ListProcessor special-use attributes"),
            entry("CREATE-SPECIAL-USE", "MailboxTreeProcessor USE"),
            entry("STATUS=SIZE", "StatusProcessor SIZE"),
            entry("ESEARCH", "SearchProcessor RETURN"),
            entry("SEARCHRES", "SearchProcessor SAVE and $"),
            entry("ESORT", "SortProcessor RETURN"),
            entry("CONDSTORE", "FetchProcessor CHANGEDSINCE and MODSEQ, StoreProcessor UNCHANGEDSINCE, SearchProcessor MODSEQ"),
            entry("QRESYNC", "SelectProcessor and FetchProcessor VANISHED (EARLIER) by Resync, VANISHED updates in the core"),
            entry("UTF8=ACCEPT", "the core's reader, mailbox names in Names"),
            entry("OBJECTID", "FetchProcessor EMAILID, StatusProcessor MAILBOXID, CREATE MAILBOXID"),
            entry("SAVEDATE", "FetchProcessor SAVEDATE from the message row, SearchEvaluator SAVED* and SAVEDATESUPPORTED"),
            entry("PREVIEW", "FetchProcessor PREVIEW from the text stored at parse time, NIL for content stored before it"),
            entry("BINARY", "FetchProcessor BINARY and BINARY.SIZE, base64 and quoted-printable decoded by BodyChunks"),
            entry("MULTIAPPEND", "AppendProcessor"),
            entry("APPENDLIMIT", "the reader's NO [TOOBIG] before a larger literal, StatusProcessor APPENDLIMIT"));

    @Test
    void everyCommandOfAnAdvertisedExtensionHasItsProcessor() {
        for (CommandKind kind : CommandKind.values()) {
            Optional<String> capability = kind.capability();
            if (capability.isEmpty() || !advertised(capability.get())) {
                continue;
            }
            assertThat(Processors.of(kind).isPresent() || ANSWERED_BY_THE_CORE.contains(kind))
                    .as("%s is advertised by %s", kind.wireName(), capability.get()).isTrue();
        }
    }

    @Test
    void everyAdvertisedExtensionWithoutACommandHasItsBehaviour() {
        for (String extension : Extensions.ADVERTISED) {
            boolean hasCommand = Arrays.stream(CommandKind.values())
                    .anyMatch(kind -> kind.capability().filter(capability -> names(extension, capability)).isPresent());
            assertThat(hasCommand || BEHAVIOURS.containsKey(extension)).as(extension).isTrue();
        }
    }

    @Test
    void advertisesEveryExtensionTheGatewayCarriesOut() {
        assertThat(Extensions.ADVERTISED)
                .contains("CONDSTORE", "QRESYNC", "SORT", "THREAD=REFERENCES", "THREAD=ORDEREDSUBJECT", "BINARY", "MOVE", "QUOTA")
                .isSubsetOf(Capabilities.EXTENSIONS);
    }

    private static boolean advertised(String capability) {
        return Extensions.ADVERTISED.stream().anyMatch(extension -> names(extension, capability));
    }

    /** A command's capability names the extension itself or a variant of it: THREAD for THREAD=REFERENCES. */
    private static boolean names(String extension, String capability) {
        return extension.equals(capability) || extension.startsWith(capability + "=");
    }
}
