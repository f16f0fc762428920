package io.mailfleet.testing.peers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DnsServerIT {

    @TempDir
    static Path dir;
    private static DnsServer dns;

    @BeforeAll
    static void start() {
        dns = DnsServer.start(dir, List.of(
                DnsRecord.mx("two.test", 20, "mx2.two.test"),
                DnsRecord.mx("two.test", 10, "mx1.two.test"),
                DnsRecord.a("mx1.two.test", "127.0.0.11"),
                DnsRecord.aaaa("mx1.two.test", "::1"),
                DnsRecord.nullMx("nomail.test"),
                DnsRecord.cname("alias.test", "mx1.two.test")), Set.of("broken.test"));
    }

    @AfterAll
    static void stop() {
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void servesTheRecords() throws Exception {
        Message mx = ask("two.test", Type.MX, false);
        assertThat(mx.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(mx.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(mx.getSection(Section.ANSWER)).map(Record::rdataToString)
                .containsExactlyInAnyOrder("10 mx1.two.test.", "20 mx2.two.test.");
        assertThat(ask("mx1.two.test", Type.A, false).getSection(Section.ANSWER)).map(Record::rdataToString)
                .containsExactly("127.0.0.11");
        assertThat(ask("mx1.two.test", Type.AAAA, false).getSection(Section.ANSWER))
                .map(record -> ((AAAARecord) record).getAddress()).containsExactly(InetAddress.getByName("::1"));
    }

    @Test
    void servesANullMx() throws Exception {
        List<Record> answer = ask("nomail.test", Type.MX, false).getSection(Section.ANSWER);
        assertThat(answer).hasSize(1);
        MXRecord mx = (MXRecord) answer.get(0);
        assertThat(mx.getPriority()).isZero();
        assertThat(mx.getTarget()).isEqualTo(Name.root);
    }

    @Test
    void answersACnameForItsName() throws Exception {
        assertThat(ask("alias.test", Type.A, false).getSection(Section.ANSWER)).map(Record::getType)
                .contains(Type.CNAME);
    }

    @Test
    void answersNxdomainForNamesItDoesNotHaveAndNodataForTypesItDoesNotHave() throws Exception {
        assertThat(ask("nowhere.test", Type.MX, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ask("example.com", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        Message nodata = ask("mx1.two.test", Type.MX, false);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void answersServfailForAFailingDomainAndTheNamesBelowIt() throws Exception {
        assertThat(ask("broken.test", Type.MX, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(ask("mx.broken.test", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void answersOverTcp() throws Exception {
        assertThat(ask("two.test", Type.MX, true).getSection(Section.ANSWER)).hasSize(2);
    }

    private static Message ask(String name, int type, boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver(dns.address());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }
}
