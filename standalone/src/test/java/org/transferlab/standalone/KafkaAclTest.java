package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.protocol.Topics;

/**
 * The Kafka-native guard for a shared cluster, on a real broker: SASL/PLAIN users and ACLs under
 * KRaft's StandardAuthorizer (the settings docs/security.md shows). A submitter may write
 * {@code transfer.jobs} and nothing else; the TransferLab services, connecting with their own user
 * through {@code TRANSFERLAB_KAFKA_CONFIG}, compute and serve the submitter's job.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaAclTest {
    private static final String ADMIN_PW = "admin-secret-for-tests";
    private static final String SERVICE_PW = "service-secret-for-tests";
    private static final String SUBMITTER_PW = "submitter-secret-for-tests";
    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        String users = "user_admin=\"" + ADMIN_PW + "\" user_transferlab=\"" + SERVICE_PW
                + "\" user_submitter=\"" + SUBMITTER_PW + "\"";
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), false, 0, new EmbeddedKafka.Security("SASL_PLAINTEXT",
                Map.of("sasl.enabled.mechanisms", "PLAIN",
                        "sasl.mechanism.inter.broker.protocol", "PLAIN",
                        "sasl.mechanism.controller.protocol", "PLAIN",
                        "listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas("admin", ADMIN_PW, users),
                        "listener.name.controller.plain.sasl.jaas.config", jaas("admin", ADMIN_PW, users),
                        "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                        "super.users", "User:admin"),
                Map.copyOf(client("admin", ADMIN_PW))));
        try (Admin admin = Admin.create(withBootstrap(client("admin", ADMIN_PW)))) {
            TopicSetup.ensure(admin, TopicSetup.DEFAULT_JOB_PARTITIONS);
            List<AclBinding> acls = acls();
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            // the controller has them; wait until the broker's authorizer has applied them too
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS).size() >= acls.size());
        }
        Path config = dir.resolve("transferlab-kafka.properties");
        Properties p = new Properties();
        p.putAll(client("transferlab", SERVICE_PW));
        try (var out = Files.newOutputStream(config)) {
            p.store(out, "the services' Kafka user");
        }
        System.setProperty(KafkaSettings.PROPERTY_CLIENT_CONFIG, config.toString());
        stack = Stack.external(kafka.bootstrap()).withGateway(0).withWorker(1);
    }

    @AfterAll
    static void stop() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            System.clearProperty(KafkaSettings.PROPERTY_CLIENT_CONFIG);
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    @Test
    void aSubmitterWritesJobsOnlyAndTheServicesComputeThem() throws Exception {
        String spec = TestKafka.quickSpec(1601);
        String id = TestKafka.jobId(spec);
        try (KafkaProducer<String, byte[]> submitter = new KafkaProducer<>(withBootstrap(producer("submitter",
                SUBMITTER_PW)), new StringSerializer(), new ByteArraySerializer())) {
            submitter.send(new ProducerRecord<>(Topics.JOBS, id, spec.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            for (String topic : List.of(Topics.RESULTS, Topics.EVENTS)) {
                assertThat(refusal(submitter, topic)).as("writing to %s", topic)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
        GatewayClient client = new GatewayClient(stack.gatewayUrl());
        assertThat(TestKafka.awaitState(client, id, "completed", Duration.ofSeconds(60)).body()
                .get("result").get("rows").size()).isPositive();
    }

    /** The exception that sending a record to {@code topic} ends with (null if it was written). */
    private static Throwable refusal(KafkaProducer<String, byte[]> producer, String topic) {
        try {
            producer.send(new ProducerRecord<>(topic, "tl-planted", "{}".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null && !(t instanceof TopicAuthorizationException)) {
                t = t.getCause();
            }
            return t;
        }
    }

    /** What docs/security.md lists: the submitter writes jobs; the services read and write what they need. */
    private static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        allow(acls, "submitter", ResourceType.TOPIC, Topics.JOBS, AclOperation.WRITE);
        for (String topic : List.of(Topics.JOBS, Topics.EVENTS, Topics.RESULTS, Topics.SWEEPS, Topics.OWNERS,
                Topics.DLQ)) {
            allow(acls, "transferlab", ResourceType.TOPIC, topic, AclOperation.READ);
            allow(acls, "transferlab", ResourceType.TOPIC, topic, AclOperation.WRITE);
        }
        allow(acls, "transferlab", ResourceType.GROUP, Topics.WORKER_GROUP, AclOperation.READ);
        // the share group workers take jobs through, and its settings (start at the earliest job, lock time)
        allow(acls, "transferlab", ResourceType.GROUP, Topics.WORKER_SHARE_GROUP, AclOperation.READ);
        allow(acls, "transferlab", ResourceType.GROUP, Topics.WORKER_SHARE_GROUP, AclOperation.ALTER_CONFIGS);
        allow(acls, "transferlab", ResourceType.GROUP, Topics.WORKER_SHARE_GROUP, AclOperation.DESCRIBE_CONFIGS);
        // a worker writes each result in a transaction of the job's own (the fence between two workers)
        acls.add(new AclBinding(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "transferlab-result-",
                PatternType.PREFIXED),
                new AccessControlEntry("User:transferlab", "*", AclOperation.WRITE, AclPermissionType.ALLOW)));
        // each role makes sure the topics exist at start-up; they do, and this lets it be told so
        acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "transfer.", PatternType.PREFIXED),
                new AccessControlEntry("User:transferlab", "*", AclOperation.CREATE, AclPermissionType.ALLOW)));
        return acls;
    }

    private static void allow(List<AclBinding> acls, String user, ResourceType type, String name, AclOperation op) {
        acls.add(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)));
    }

    private static String jaas(String user, String password, String users) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\" " + users + ";";
    }

    private static Map<String, String> client(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas(user, password, ""));
    }

    private static Map<String, Object> producer(String user, String password) {
        Map<String, Object> c = new java.util.HashMap<>(client(user, password));
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        return c;
    }

    private static Map<String, Object> withBootstrap(Map<String, ?> config) {
        Map<String, Object> c = new java.util.HashMap<>(config);
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        return c;
    }
}
