package io.mailfleet.delivery.inbound;

import io.mailfleet.delivery.TestMail;
import io.mailfleet.delivery.bounce.Bounces;
import io.mailfleet.delivery.config.DeliverySettings;
import io.mailfleet.delivery.local.LocalDelivery;
import io.mailfleet.delivery.local.RecipientResolver;
import io.mailfleet.delivery.server.Backends;
import io.mailfleet.delivery.server.DeliveryMetrics;
import io.mailfleet.delivery.server.Workers;
import io.mailfleet.events.ReceivedEvent;
import io.mailfleet.events.RetryLaterException;
import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.mime.TextSignature;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.ContentFacts;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.event.OutboundMail;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.quarkus.content.ContentIndexer;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.account.Alias;
import io.mailfleet.store.account.DomainRepository;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.cassandra.CassandraFirstCopies;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageContentRepository;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.SearchRow;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.mailfleet.delivery.TestMail.await;
import static io.mailfleet.delivery.TestMail.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A batch of accepted messages handed to the handler at once, as the consumer hands a poll's
 * records: the events here are never published to the inbound topic, so the running worker does
 * not see them and each test controls its batch exactly.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class BatchDeliveryIT {

    private static final Optional<MailAddress> REMOTE_SENDER = Optional.of(MailAddress.parse("sender@remote.example"));

    @Inject
    Backends backends;
    @Inject
    Bounces bounces;
    @Inject
    DeliveryMetrics metrics;
    @Inject
    DeliverySettings settings;
    @Inject
    MeterRegistry registry;

    private final ExecutorService reads = Executors.newFixedThreadPool(4);
    private TestMail mail;
    private Domain domain;

    @BeforeEach
    void setUp() {
        mail = new TestMail(backends);
        domain = mail.domain();
    }

    @AfterEach
    void tearDown() {
        reads.shutdown();
    }

    @Test
    void severalCopiesForOneInboxAreStoredOnceInOneChangeAndABatchHandledAgainWritesNothing() throws Exception {
        MailAddress alice = mail.account(domain, "alice", OptionalLong.empty());
        MailAddress bob = mail.account(domain, "bob", OptionalLong.empty());
        List<MailAccepted> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(mail.accepted(REMOTE_SENDER, List.of(alice, bob), message("sender@remote.example", alice.toString(), "No. " + i)));
        }
        List<ReceivedEvent<MailAccepted>> batch = received(sent.get(0), sent.get(1), sent.get(2), sent.get(3), sent.get(1));
        InboundHandler handler = handler(backends.store().messages());

        handler.handleAll(batch);
        List<StoredMessage> aliceFirst = mail.inbox(alice);
        double duplicatesBefore = counter("duplicate");
        handler.handleAll(batch);

        assertThat(aliceFirst).extracting(m -> m.messageId().toString())
                .containsExactlyElementsOf(sent.stream().map(MailAccepted::messageId).toList());
        assertThat(aliceFirst).extracting(StoredMessage::modSeq).as("one change for the INBOX's copies").containsOnly(aliceFirst.get(0).modSeq());
        assertThat(mail.inbox(bob)).hasSize(4);
        assertThat(mail.inbox(alice)).as("handled again: nothing written").isEqualTo(aliceFirst);
        assertThat(counter("duplicate")).isEqualTo(duplicatesBefore + 10);
    }

    @Test
    void aBatchWhoseWriteFailsAfterItLandedIsHandledAgainWithoutASecondCopy() throws Exception {
        MailAddress carol = mail.account(domain, "carol", OptionalLong.empty());
        MailAddress dave = mail.account(domain, "dave", OptionalLong.empty());
        MailAccepted first = mail.accepted(REMOTE_SENDER, List.of(carol, dave), message("sender@remote.example", carol.toString(), "One"));
        MailAccepted second = mail.accepted(REMOTE_SENDER, List.of(carol), message("sender@remote.example", carol.toString(), "Two"));
        InboundHandler handler = handler(answerLostOnce(backends.store().messages()));

        assertThatThrownBy(() -> handler.handleAll(received(first, second))).isInstanceOf(RetryLaterException.class);
        handler.handleAll(received(first, second));

        assertThat(mail.inbox(carol)).extracting(m -> m.messageId().toString())
                .containsExactly(first.messageId(), second.messageId());
        assertThat(mail.inbox(dave)).extracting(m -> m.messageId().toString()).containsExactly(first.messageId());
    }

    /**
     * An IDLE session waits for its own message only: an INBOX's MessageAdded is on Kafka once that
     * INBOX is written, while another INBOX of the same batch is still being written.
     */
    @Test
    void anInboxWrittenIsAnnouncedWhileAnotherOfTheBatchIsStillBeingWritten() throws Exception {
        MailAddress ivy = mail.account(domain, "ivy", OptionalLong.empty());
        MailAddress jack = mail.account(domain, "jack", OptionalLong.empty());
        MailAccepted toJack = mail.accepted(REMOTE_SENDER, List.of(jack), message("sender@remote.example", jack.toString(), "Slow"));
        MailAccepted toIvy = mail.accepted(REMOTE_SENDER, List.of(ivy), message("sender@remote.example", ivy.toString(), "Quick"));
        CountDownLatch jackWriting = new CountDownLatch(1);
        CountDownLatch jackMayFinish = new CountDownLatch(1);
        InboundHandler handler = handler(heldWhileWriting(backends.store().messages(), toJack.messageId(), jackWriting, jackMayFinish));
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try (KafkaConsumer<byte[], byte[]> events = mailboxEventsFromNow()) {
            Future<?> handled = consumer.submit(() -> {
                handler.handleAll(received(toJack, toIvy));
                return null;
            });
            assertThat(jackWriting.await(TestMail.WAIT.toSeconds(), TimeUnit.SECONDS)).as("jack's INBOX is being written").isTrue();

            List<MessageAdded> whileJackIsWritten = messagesAdded(events, added -> added.messageId().equals(toIvy.messageId()));

            assertThat(whileJackIsWritten).extracting(MessageAdded::account).containsExactly(ivy.toString());
            assertThat(handled).isNotDone();
            jackMayFinish.countDown();
            handled.get(TestMail.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(messagesAdded(events, added -> added.messageId().equals(toJack.messageId())))
                    .extracting(MessageAdded::account).containsExactly(jack.toString());
        } finally {
            jackMayFinish.countDown();
            consumer.shutdown();
        }
    }

    /**
     * An instance's consumers handle their batches at once, mostly for the same INBOXes, and after a
     * rebalance two of them may hold the same events: each copy is stored once all the same, and
     * every batch's stages are timed.
     */
    @Test
    void batchesHandledAtOnceForTheSameInboxesStoreEachCopyOnce() throws Exception {
        MailAddress kim = mail.account(domain, "kim", OptionalLong.empty());
        MailAddress lou = mail.account(domain, "lou", OptionalLong.empty());
        List<List<ReceivedEvent<MailAccepted>>> batches = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            List<MailAccepted> batch = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batch.add(mail.accepted(REMOTE_SENDER, List.of(kim, lou), message("sender@remote.example", kim.toString(), b + "." + i)));
            }
            batch.forEach(each -> sent.add(each.messageId()));
            batches.add(received(batch.toArray(MailAccepted[]::new)));
        }
        batches.add(batches.get(0));
        InboundHandler handler = handler(backends.store().messages());
        double queuedBefore = stageCount("queued");
        double storedBefore = stageCount("stored");
        ExecutorService consumers = Executors.newFixedThreadPool(batches.size());
        CountDownLatch together = new CountDownLatch(1);
        try {
            List<Future<?>> handled = new ArrayList<>();
            for (List<ReceivedEvent<MailAccepted>> batch : batches) {
                handled.add(consumers.submit(() -> {
                    together.await();
                    handler.handleAll(batch);
                    return null;
                }));
            }
            together.countDown();
            for (Future<?> each : handled) {
                each.get(TestMail.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            consumers.shutdown();
        }

        for (MailAddress account : List.of(kim, lou)) {
            assertThat(mail.inbox(account)).as("%s's INBOX", account).extracting(m -> m.messageId().toString())
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
        // At least: the running worker shares the meters, and may be delivering an earlier test's bounce meanwhile.
        assertThat(stageCount("queued")).isGreaterThanOrEqualTo(queuedBefore + 16);
        assertThat(stageCount("stored")).isGreaterThanOrEqualTo(storedBefore + 4);
    }

    @Test
    void aMixedBatchDeliversRelaysDefersAndBouncesEachRecipientAsAlone() throws Exception {
        MailAddress sender = mail.account(domain, "sender", OptionalLong.empty());
        MailAddress erin = mail.account(domain, "erin", OptionalLong.empty());
        MailAddress full = mail.account(domain, "full", OptionalLong.of(10));
        MailAddress nobody = MailAddress.parse("nobody@" + domain.ascii());
        MailAddress remote = MailAddress.parse("frank@" + UUID.randomUUID() + ".remote.example");
        MailAccepted toAll = mail.accepted(Optional.of(sender), List.of(erin, remote, nobody, full),
                message(sender.toString(), erin.toString(), "To everyone"));
        MailAccepted toErin = mail.accepted(REMOTE_SENDER, List.of(erin), message("sender@remote.example", erin.toString(), "Just Erin"));
        double deferredBefore = counter("deferred");

        handler(backends.store().messages()).handleAll(received(toAll, toErin));

        assertThat(mail.inbox(erin)).extracting(m -> m.messageId().toString()).containsExactly(toAll.messageId(), toErin.messageId());
        assertThat(mail.inbox(full)).isEmpty();
        // Deferred, then put in a delay topic, or bounced at once if this machine took the quota wait to get here.
        assertThat(counter("deferred")).isEqualTo(deferredBefore + 1);
        // The bounce reaches the sender's INBOX through the inbound topic and the running worker, so it
        // is waited for; the relay may bounce the remote recipient too, so the INBOX can hold a second report.
        assertThat(await(() -> mail.inbox(sender).stream().anyMatch(bounce -> reports(bounce, nobody))))
                .as("the bounce for nobody").isTrue();
        assertThat(relayed(remote.host().ascii())).singleElement().satisfies(relay -> {
            assertThat(relay.messageId()).isEqualTo(toAll.messageId());
            assertThat(relay.recipients()).extracting(r -> r.address()).containsExactly(remote.toString());
        });
    }

    /**
     * Two attempts at one message (the same client octets: a retry after a 451 that Kafka took anyway)
     * reach one account by different recipients, the account itself and an alias of it: the account
     * gets one copy, and the alias's other account the one copy it was not sent yet.
     */
    @Test
    void aRetryReachingAnAccountThroughAnAliasStoresNoSecondCopy() throws Exception {
        MailAddress gina = mail.account(domain, "gina", OptionalLong.empty());
        MailAddress hugo = mail.account(domain, "hugo", OptionalLong.empty());
        MailAddress team = MailAddress.parse("team@" + domain.ascii());
        backends.store().aliases().put(Alias.of(team, List.of(gina, hugo)));
        String text = message("sender@remote.example", team.toString(), "Sent twice");
        byte[] sha256 = new byte[32];
        ThreadLocalRandom.current().nextBytes(sha256);
        String digest = HexFormat.of().formatHex(sha256);
        MailAccepted toGina = withClientDigest(mail.accepted(REMOTE_SENDER, List.of(gina), text), digest);
        MailAccepted toTeam = withClientDigest(mail.accepted(REMOTE_SENDER, List.of(team), text), digest);
        InboundHandler handler = handler(backends.store().messages());

        handler.handleAll(received(toGina));
        handler.handleAll(received(toTeam));

        assertThat(mail.inbox(gina)).extracting(m -> m.messageId().toString()).containsExactly(toGina.messageId());
        assertThat(mail.inbox(hugo)).extracting(m -> m.messageId().toString()).containsExactly(toTeam.messageId());
    }

    /**
     * Two attempts at one message, one sent to an account and to an alias leading to it and others, the other
     * to the alias alone, handled in one batch: each account gets one copy, the first attempt's, and every
     * copy of the second counts as a duplicate.
     */
    @Test
    void aRetryInTheSameBatchThroughAnAliasStoresNoSecondCopy() throws Exception {
        MailAddress iris = mail.account(domain, "iris", OptionalLong.empty());
        MailAddress jack = mail.account(domain, "jack", OptionalLong.empty());
        MailAddress crew = MailAddress.parse("crew@" + domain.ascii());
        backends.store().aliases().put(Alias.of(crew, List.of(iris, jack)));
        String text = message("sender@remote.example", crew.toString(), "Sent twice at once");
        String digest = randomDigest();
        MailAccepted toIrisAndCrew = withClientDigest(mail.accepted(REMOTE_SENDER, List.of(iris, crew), text), digest);
        MailAccepted toCrew = withClientDigest(mail.accepted(REMOTE_SENDER, List.of(crew), text), digest);
        double duplicatesBefore = counter("duplicate");

        handler(backends.store().messages()).handleAll(received(toIrisAndCrew, toCrew));

        assertThat(mail.inbox(iris)).extracting(m -> m.messageId().toString()).containsExactly(toIrisAndCrew.messageId());
        assertThat(mail.inbox(jack)).extracting(m -> m.messageId().toString()).containsExactly(toIrisAndCrew.messageId());
        // Iris twice in the first attempt (once by the alias), and both copies of the second.
        assertThat(counter("duplicate")).isEqualTo(duplicatesBefore + 3);
    }

    /**
     * Two attempts at one message handled at the same moment by two worker instances, each with its own INBOX
     * writes, one attempt sent to the account and the other to an alias leading to it: their changes race in the
     * store, and the account gets one copy. Several rounds, so that the attempts do meet in the store.
     */
    @Test
    void twoAttemptsHandledAtOnceByTwoWorkersLandOnce() throws Exception {
        InboundHandler one = handler(backends.store().messages());
        InboundHandler other = handler(backends.store().messages());
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                MailAddress kate = mail.account(domain, "kate" + round, OptionalLong.empty());
                MailAddress club = MailAddress.parse("club" + round + "@" + domain.ascii());
                backends.store().aliases().put(Alias.of(club, List.of(kate)));
                String text = message("sender@remote.example", kate.toString(), "Raced " + round);
                String digest = randomDigest();
                MailAccepted toKate = withClientDigest(mail.accepted(REMOTE_SENDER, List.of(kate), text), digest);
                MailAccepted toClub = withClientDigest(mail.accepted(REMOTE_SENDER, List.of(club), text), digest);
                CountDownLatch together = new CountDownLatch(1);
                Future<?> first = workers.submit(() -> {
                    together.await();
                    one.handleAll(received(toKate));
                    return null;
                });
                Future<?> second = workers.submit(() -> {
                    together.await();
                    other.handleAll(received(toClub));
                    return null;
                });
                together.countDown();
                first.get(TestMail.WAIT.toSeconds(), TimeUnit.SECONDS);
                second.get(TestMail.WAIT.toSeconds(), TimeUnit.SECONDS);

                assertThat(mail.inbox(kate)).as("round %d", round).singleElement()
                        .satisfies(copy -> assertThat(copy.messageId().toString()).isIn(toKate.messageId(), toClub.messageId()));
            }
        } finally {
            workers.shutdown();
        }
    }

    /** A retry within the window is not stored; once the window has passed, the same octets are a new message and are. */
    @Test
    void theSameOctetsAfterTheWindowAreDeliveredAgain() throws Exception {
        MailAddress lena = mail.account(domain, "lena", OptionalLong.empty());
        String text = message("sender@remote.example", lena.toString(), "Sent again later");
        String digest = randomDigest();
        // A claim's window is its time to live, which Cassandra counts in whole seconds from the second it was written
        // in: a window of n seconds lasts between n - 1 and n. Three seconds keep the retry below inside it on a loaded
        // machine; one second could end a millisecond after the first copy's claim.
        InboundHandler handler = handler(backends.store().messages(), backends.store().contents(), Duration.ofSeconds(3));
        MailAccepted first = withClientDigest(mail.accepted(REMOTE_SENDER, List.of(lena), text), digest);
        MailAccepted retry = withClientDigest(mail.accepted(REMOTE_SENDER, List.of(lena), text), digest);

        handler.handleAll(received(first));
        handler.handleAll(received(retry));
        List<StoredMessage> withinTheWindow = mail.inbox(lena);
        List<String> later = new ArrayList<>();
        boolean deliveredAgain = await(() -> {
            MailAccepted again;
            try {
                again = withClientDigest(mail.accepted(REMOTE_SENDER, List.of(lena), text), digest);
            } catch (Exception e) {
                throw new IllegalStateException("cannot store another attempt", e);
            }
            later.add(again.messageId());
            handler.handleAll(received(again));
            return mail.inbox(lena).size() > 1;
        });

        assertThat(withinTheWindow).extracting(m -> m.messageId().toString()).containsExactly(first.messageId());
        assertThat(deliveredAgain).as("delivered once the window passed").isTrue();
        assertThat(mail.inbox(lena)).extracting(m -> m.messageId().toString())
                .containsExactly(first.messageId(), later.get(later.size() - 1));
    }

    private static String randomDigest() {
        byte[] sha256 = new byte[32];
        ThreadLocalRandom.current().nextBytes(sha256);
        return HexFormat.of().formatHex(sha256);
    }

    /**
     * A body whose content smtp-ingress stored with its text signature is delivered from that one read: its row
     * gets the stored signature and its search text is never read. A content stored before contents kept their
     * signatures has its text read and signed, as before.
     */
    @Test
    void aContentStoredWithItsSignatureIsDeliveredWithoutReadingItsSearchText() throws Exception {
        MailAddress kim = mail.account(domain, "kim", OptionalLong.empty());
        MailAccepted signedAtIngress = mail.accepted(REMOTE_SENDER, List.of(kim),
                message("sender@remote.example", kim.toString(), "Signed", "the walrus speaks"));
        MailAccepted storedBefore = mail.accepted(REMOTE_SENDER, List.of(kim),
                message("sender@remote.example", kim.toString(), "Older", "the narwhal sings"));
        MessageContent signed = indexed(signedAtIngress);
        MessageContent old = indexed(storedBefore);
        backends.store().contents().put(signed);
        // As content stored before the signature was: with its search text, without the signature.
        backends.store().contents().put(new MessageContent(old.blobKey(), old.size(), old.envelope(), old.bodyStructure(),
                old.headerIndex(), old.sections(), old.preview(), old.searchText()));
        List<String> textsRead = new CopyOnWriteArrayList<>();

        handler(backends.store().messages(), textsReadInto(backends.store().contents(), textsRead))
                .handleAll(received(signedAtIngress, storedBefore));

        MailboxId inbox = backends.store().mailboxes().find(kim.lookupKey(), MailboxPath.INBOX).orElseThrow().id();
        assertThat(backends.store().messages().searchRows(inbox, Uid.MIN, Uid.MAX, 10))
                .extracting(row -> row.message().blobKey(), SearchRow::textSignature)
                .containsExactly(tuple(signed.blobKey(), signed.textSignature()),
                        tuple(old.blobKey(), TextSignature.of(old.searchText())));
        assertThat(textsRead).as("the search texts delivery read").containsExactly(old.blobKey());
    }

    /**
     * The stored contents of a batch's messages for hosted domains are read in one request, a message only relayed
     * has none read, and a body whose content is not stored (one smtp-ingress did not parse) is parsed and its
     * content stored before its row.
     */
    @Test
    void aBatchReadsTheStoredContentsOfItsLocalMessagesInOneRead() throws Exception {
        MailAddress lea = mail.account(domain, "lea", OptionalLong.empty());
        MailAddress max = mail.account(domain, "max", OptionalLong.empty());
        MailAddress remote = MailAddress.parse("far@" + UUID.randomUUID() + ".remote.example");
        MailAccepted parsedAtIngress = mail.accepted(REMOTE_SENDER, List.of(lea, max),
                message("sender@remote.example", lea.toString(), "Parsed", "the walrus speaks"));
        MailAccepted notParsed = mail.accepted(REMOTE_SENDER, List.of(lea),
                message("sender@remote.example", lea.toString(), "Not parsed", "the narwhal sings"));
        MailAccepted onlyRelayed = mail.accepted(REMOTE_SENDER, List.of(remote),
                message("sender@remote.example", remote.toString(), "Away"));
        MessageContent stored = indexed(parsedAtIngress);
        backends.store().contents().put(stored);
        List<Set<String>> signedReads = new CopyOnWriteArrayList<>();

        handler(backends.store().messages(), signedReadsInto(backends.store().contents(), signedReads))
                .handleAll(received(parsedAtIngress, notParsed, onlyRelayed, parsedAtIngress));

        assertThat(signedReads).as("the reads of stored contents")
                .containsExactly(Set.of(parsedAtIngress.blobKey(), notParsed.blobKey()));
        assertThat(mail.inbox(lea)).extracting(m -> m.messageId().toString())
                .containsExactly(parsedAtIngress.messageId(), notParsed.messageId());
        assertThat(mail.inbox(max)).extracting(m -> m.messageId().toString()).containsExactly(parsedAtIngress.messageId());
        MailboxId inbox = backends.store().mailboxes().find(lea.lookupKey(), MailboxPath.INBOX).orElseThrow().id();
        assertThat(backends.store().messages().searchRows(inbox, Uid.MIN, Uid.MAX, 10))
                .extracting(row -> row.message().blobKey(), SearchRow::textSignature)
                .containsExactly(tuple(stored.blobKey(), stored.textSignature()),
                        tuple(notParsed.blobKey(), indexed(notParsed).textSignature()));
        assertThat(backends.store().contents().find(notParsed.blobKey())).as("the content parsed at delivery").isPresent();
        assertThat(relayed(remote.host().ascii())).singleElement()
                .extracting(OutboundMail::messageId).isEqualTo(onlyRelayed.messageId());
    }

    /**
     * A message whose event carries its content's facts, as smtp-ingress sends it when it stored the content, has no
     * content read: its row keeps the sort keys, threading facts and signature the content gives. Another message of
     * the batch without facts has its content read as before, alone.
     */
    @Test
    void aMessageWhoseEventCarriesItsContentFactsHasNoContentRead() throws Exception {
        MailAddress ola = mail.account(domain, "ola", OptionalLong.empty());
        MailAccepted plain = mail.accepted(REMOTE_SENDER, List.of(ola),
                message("sender@remote.example", ola.toString(), "Re: Facts", "the walrus speaks"));
        MessageContent stored = indexed(plain);
        backends.store().contents().put(stored);
        MailAccepted withFacts = withContent(plain, SortFieldsOf.factsOf(stored).orElseThrow());
        MailAccepted withoutFacts = mail.accepted(REMOTE_SENDER, List.of(ola),
                message("sender@remote.example", ola.toString(), "Read", "the narwhal sings"));
        List<Set<String>> signedReads = new CopyOnWriteArrayList<>();

        handler(backends.store().messages(), signedReadsInto(backends.store().contents(), signedReads))
                .handleAll(received(withFacts, withoutFacts));

        assertThat(signedReads).as("the reads of stored contents").containsExactly(Set.of(withoutFacts.blobKey()));
        MailboxId inbox = backends.store().mailboxes().find(ola.lookupKey(), MailboxPath.INBOX).orElseThrow().id();
        assertThat(backends.store().messages().searchRows(inbox, Uid.MIN, Uid.MAX, 10))
                .extracting(row -> row.message().blobKey(), SearchRow::textSignature)
                .containsExactly(tuple(stored.blobKey(), stored.textSignature()),
                        tuple(withoutFacts.blobKey(), indexed(withoutFacts).textSignature()));
        assertThat(backends.store().messages().threadFacts(inbox, Uid.MIN, Uid.MAX).get(0).fields())
                .isEqualTo(SortFieldsOf.of(stored, withFacts.receivedAt()));
    }

    /**
     * Whether a recipient's domain is hosted here is asked when the batch begins, to read the contents of its local
     * messages, and again while routing: a domain created between the two makes a copy of a body the batch did not
     * ask for, whose content is then read on its own and the copy delivered.
     */
    @Test
    void aDomainHostedSinceTheBatchBeganGetsItsCopyWithTheContentReadOnItsOwn() throws Exception {
        Domain arriving = Domain.parse("t" + UUID.randomUUID().toString().substring(0, 8) + ".delivery.test");
        MailAddress nina = mail.account(arriving, "nina", OptionalLong.empty());
        MailAccepted sent = mail.accepted(REMOTE_SENDER, List.of(nina), message("sender@remote.example", nina.toString(),
                "Just in time", "the otter swims"));
        MessageContent stored = indexed(sent);
        backends.store().contents().put(stored);
        List<Set<String>> signedReads = new CopyOnWriteArrayList<>();

        handler(createdAfterTheFirstQuestion(backends.store().domains(), arriving), backends.store().messages(),
                signedReadsInto(backends.store().contents(), signedReads), settings.duplicateWindow())
                .handleAll(received(sent));

        assertThat(signedReads).as("the read of its content alone").containsExactly(Set.of(sent.blobKey()));
        MailboxId inbox = backends.store().mailboxes().find(nina.lookupKey(), MailboxPath.INBOX).orElseThrow().id();
        assertThat(backends.store().messages().searchRows(inbox, Uid.MIN, Uid.MAX, 10))
                .extracting(row -> row.message().messageId().toString(), SearchRow::textSignature)
                .containsExactly(tuple(sent.messageId(), stored.textSignature()));
    }

    /** The domains as they are, except that {@code domain} is created, as admin-api would, once it was first asked for. */
    private static DomainRepository createdAfterTheFirstQuestion(DomainRepository real, Domain domain) {
        return (DomainRepository) Proxy.newProxyInstance(DomainRepository.class.getClassLoader(),
                new Class<?>[] {DomainRepository.class}, (proxy, method, args) -> {
                    Object answer;
                    try {
                        answer = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("exists") && domain.equals(args[0])) {
                        real.create(domain);
                    }
                    return answer;
                });
    }

    private MessageContent indexed(MailAccepted accepted) throws IOException {
        try (InputStream body = backends.blobs().get(new BlobKey(accepted.blobKey()))) {
            return new ContentIndexer().index(accepted.blobKey(), body);
        }
    }

    /** The content store as it is, which records the blob keys of each read of search texts into {@code read}. */
    private static MessageContentRepository textsReadInto(MessageContentRepository real, List<String> read) {
        return (MessageContentRepository) Proxy.newProxyInstance(MessageContentRepository.class.getClassLoader(),
                new Class<?>[] {MessageContentRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("searchTexts")) {
                        ((Collection<?>) args[0]).forEach(key -> read.add((String) key));
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The content store as it is, which records the blob keys of each read of signed contents into {@code read}. */
    private static MessageContentRepository signedReadsInto(MessageContentRepository real, List<Set<String>> read) {
        return (MessageContentRepository) Proxy.newProxyInstance(MessageContentRepository.class.getClassLoader(),
                new Class<?>[] {MessageContentRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findSigned")) {
                        read.add(((Collection<?>) args[0]).stream().map(String.class::cast).collect(Collectors.toSet()));
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static MailAccepted withContent(MailAccepted event, ContentFacts facts) {
        return new MailAccepted(event.version(), event.messageId(), event.queueId(), event.sender(), event.recipients(),
                event.dsnReturn(), event.envelopeId(), event.bodyType(), event.smtpUtf8(), event.blobKey(), event.size(),
                event.receivedAt(), event.client(), event.clientDigest(), Optional.of(facts));
    }

    private static MailAccepted withClientDigest(MailAccepted event, String digest) {
        return new MailAccepted(event.version(), event.messageId(), event.queueId(), event.sender(), event.recipients(),
                event.dsnReturn(), event.envelopeId(), event.bodyType(), event.smtpUtf8(), event.blobKey(), event.size(),
                event.receivedAt(), event.client(), Optional.of(digest));
    }

    private boolean reports(StoredMessage bounce, MailAddress recipient) {
        try {
            String body = mail.body(bounce);
            return body.contains("Final-Recipient: rfc822; " + recipient) && body.contains("Status: 5.1.1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InboundHandler handler(MessageRepository messages) {
        return handler(messages, backends.store().contents());
    }

    private InboundHandler handler(MessageRepository messages, MessageContentRepository contents) {
        return handler(messages, contents, settings.duplicateWindow());
    }

    private InboundHandler handler(MessageRepository messages, MessageContentRepository contents, Duration window) {
        return handler(backends.store().domains(), messages, contents, window);
    }

    /** A handler with its own INBOX writes, as another worker instance has: its changes race this one's in the store. */
    private InboundHandler handler(DomainRepository domains, MessageRepository messages, MessageContentRepository contents,
                                   Duration window) {
        Backends.Store store = backends.store();
        RecipientResolver resolver = new RecipientResolver(domains, store.accounts(), store.aliases(),
                settings.maxAliasDepth(), settings.maxAliasTargets(), Duration.ZERO);
        LocalDelivery local = new LocalDelivery(store.accounts(), store.mailboxes(), messages, contents, backends.blobs(),
                backends.events(), reads, Duration.ZERO);
        RetriedCopies retried = new RetriedCopies(backends.blobs(), new CassandraFirstCopies(store.session()), window, Clock.systemUTC());
        return new InboundHandler(resolver, local, retried, bounces, backends.events(), backends.topics(), backends.retries(),
                settings.quotaRetryFor(), Workers.PUBLISH_BOUND, settings.maxUnacknowledgedEvents(), reads, metrics, Clock.systemUTC());
    }

    /** The store as it is, except that the first batch of deliveries is written and then reported as failed: its answer was lost. */
    private static MessageRepository answerLostOnce(MessageRepository real) {
        AtomicBoolean lost = new AtomicBoolean();
        return (MessageRepository) Proxy.newProxyInstance(MessageRepository.class.getClassLoader(),
                new Class<?>[] {MessageRepository.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("deliverAll") && lost.compareAndSet(false, true)) {
                        throw new StoreUnavailableException("the answer to a write that landed was lost");
                    }
                    return result;
                });
    }

    /** The store as it is, except that the write of {@code messageId}'s copies waits for {@code mayFinish}. */
    private static MessageRepository heldWhileWriting(MessageRepository real, String messageId, CountDownLatch writing,
                                                      CountDownLatch mayFinish) {
        return (MessageRepository) Proxy.newProxyInstance(MessageRepository.class.getClassLoader(),
                new Class<?>[] {MessageRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("deliverAll") && args[1] instanceof List<?> chunk && chunk.stream()
                            .anyMatch(keyed -> ((MessageRepository.KeyedMessage) keyed).deliveryKey().startsWith(messageId + "/"))) {
                        writing.countDown();
                        if (!mayFinish.await(TestMail.WAIT.toSeconds(), TimeUnit.SECONDS)) {
                            throw new StoreUnavailableException("the test never let the write finish");
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A reader of every partition of the mailbox events topic, from its end now. */
    private KafkaConsumer<byte[], byte[]> mailboxEventsFromNow() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.kafkaBootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(backends.topics().mailboxEvents()).stream()
                .map(partition -> new TopicPartition(partition.topic(), partition.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** The MessageAdded events {@code events} reads until one matches {@code wanted}, or it has waited TestMail.WAIT; those that match. */
    private static List<MessageAdded> messagesAdded(KafkaConsumer<byte[], byte[]> events, Predicate<MessageAdded> wanted) {
        EventCodec codec = new EventCodec();
        List<MessageAdded> found = new ArrayList<>();
        long deadline = System.nanoTime() + TestMail.WAIT.toNanos();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            events.poll(Duration.ofMillis(300)).forEach(record -> {
                if (codec.decode(record.value(), MailboxEvent.class) instanceof MessageAdded added && wanted.test(added)) {
                    found.add(added);
                }
            });
        }
        return found;
    }

    private List<OutboundMail> relayed(String domain) {
        EventCodec codec = new EventCodec();
        List<OutboundMail> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "batch-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(backends.topics().outbound()));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    OutboundMail relay = codec.decode(record.value(), OutboundMail.class);
                    if (relay.domain().equals(domain)) {
                        found.add(relay);
                    }
                });
            }
        }
        return found;
    }

    private static List<ReceivedEvent<MailAccepted>> received(MailAccepted... events) {
        List<ReceivedEvent<MailAccepted>> batch = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            batch.add(new ReceivedEvent<>("inbound", 0, i, events[i].messageId(), events[i], 1));
        }
        return batch;
    }

    private double stageCount(String stage) {
        var timer = registry.find("mailfleet_delivery_stage_seconds").tag("stage", stage).timer();
        return timer == null ? 0 : timer.count();
    }

    private double counter(String outcome) {
        return registry.counter("mailfleet_delivery_recipients_total", "route", "local", "outcome", outcome).count();
    }
}
