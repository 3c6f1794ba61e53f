package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.DataProfile;
import dev.ratchet.events.v1.PartProfile;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.tracking.profile.ProfileStore;
import dev.ratchet.tracking.v1.GetDatasetProfileRequest;
import dev.ratchet.tracking.v1.ListDatasetProfilesRequest;
import dev.ratchet.tracking.v1.SaveDatasetProfileRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Profiles are stored by key once: the first one stored is the one every later caller gets. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class DatasetProfilesTest {
    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @Inject
    ProfileStore profiles;

    @Inject
    EntityManager entityManager;

    @Test
    void aProfileIsStoredOnceUnderItsKey() {
        String key = newKey();
        DataProfile first = profile(key, 1000);
        assertEquals(
                first,
                tracking.saveDatasetProfile(SaveDatasetProfileRequest.newBuilder()
                                .setProfile(first)
                                .build())
                        .getProfile());
        DataProfile second = profile(key, 999);
        assertEquals(
                first,
                tracking.saveDatasetProfile(SaveDatasetProfileRequest.newBuilder()
                                .setProfile(second)
                                .build())
                        .getProfile(),
                "the key names the content: the stored profile stays");
        assertEquals(
                first,
                tracking.getDatasetProfile(GetDatasetProfileRequest.newBuilder()
                                .setKey(key)
                                .build())
                        .getProfile());
    }

    @Test
    void aRunsDatasetFindsTheProfilesOfItsDigestNewestFirst() {
        String train = "sha256:" + newKey().substring("profile:".length());
        String test = "sha256:" + newKey().substring("profile:".length());
        DataProfile split = DataProfile.newBuilder()
                .setKey(newKey())
                .addParts(PartProfile.newBuilder()
                        .setRole("train")
                        .setDigest(train)
                        .setRows(700))
                .addParts(
                        PartProfile.newBuilder().setRole("test").setDigest(test).setRows(300))
                .build();
        DataProfile alone = DataProfile.newBuilder()
                .setKey(newKey())
                .addParts(
                        PartProfile.newBuilder().setRole("data").setDigest(test).setRows(300))
                .build();
        tracking.saveDatasetProfile(
                SaveDatasetProfileRequest.newBuilder().setProfile(split).build());
        tracking.saveDatasetProfile(
                SaveDatasetProfileRequest.newBuilder().setProfile(alone).build());

        assertEquals(
                List.of(split),
                tracking.listDatasetProfiles(ListDatasetProfilesRequest.newBuilder()
                                .setDigest(train)
                                .build())
                        .getProfilesList());
        assertEquals(
                List.of(alone, split),
                tracking.listDatasetProfiles(ListDatasetProfilesRequest.newBuilder()
                                .setDigest(test)
                                .build())
                        .getProfilesList());
        assertEquals(
                List.of(alone),
                tracking.listDatasetProfiles(ListDatasetProfilesRequest.newBuilder()
                                .setDigest(test)
                                .setMaxResults(1)
                                .build())
                        .getProfilesList());
        assertEquals(
                List.of(),
                tracking.listDatasetProfiles(ListDatasetProfilesRequest.newBuilder()
                                .setDigest("sha256:\"{,}\"")
                                .build())
                        .getProfilesList(),
                "a digest is data, not array syntax");
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "digest is required",
                () -> tracking.listDatasetProfiles(ListDatasetProfilesRequest.getDefaultInstance()));
    }

    @Test
    void aProfileStoredBeforeDigestsWereKeptIsFoundAfterTheBackfill() {
        String digest = "sha256:" + newKey().substring("profile:".length());
        DataProfile old = DataProfile.newBuilder()
                .setKey(newKey())
                .addParts(PartProfile.newBuilder()
                        .setRole("data")
                        .setDigest(digest)
                        .setRows(10))
                .build();
        QuarkusTransaction.requiringNew()
                .run(() -> entityManager
                        .createNativeQuery(
                                "insert into dataset_profile (profile_key, profile, created_at) values (?1, ?2, now())")
                        .setParameter(1, old.getKey())
                        .setParameter(2, old.toByteArray())
                        .executeUpdate());
        assertEquals(
                List.of(),
                tracking.listDatasetProfiles(ListDatasetProfilesRequest.newBuilder()
                                .setDigest(digest)
                                .build())
                        .getProfilesList());

        assertTrue(profiles.fillMissingDigests() >= 1);
        assertEquals(
                List.of(old),
                tracking.listDatasetProfiles(ListDatasetProfilesRequest.newBuilder()
                                .setDigest(digest)
                                .build())
                        .getProfilesList());
        assertEquals(0, profiles.fillMissingDigests());
    }

    @Test
    void badKeysAndUnknownProfilesAreRefused() {
        assertStatus(
                Status.Code.NOT_FOUND,
                "ProfileDataset computes and stores it",
                () -> tracking.getDatasetProfile(
                        GetDatasetProfileRequest.newBuilder().setKey(newKey()).build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "must be 'profile:' and 64 lowercase hex digits",
                () -> tracking.getDatasetProfile(GetDatasetProfileRequest.newBuilder()
                        .setKey("sha256:abc")
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "no parts",
                () -> tracking.saveDatasetProfile(SaveDatasetProfileRequest.newBuilder()
                        .setProfile(DataProfile.newBuilder().setKey(newKey()))
                        .build()));
    }

    private static String newKey() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "profile:" + HexFormat.of().formatHex(bytes);
    }

    private static DataProfile profile(String key, long rows) {
        return DataProfile.newBuilder()
                .setKey(key)
                .setLabelColumn("Class")
                .addParts(PartProfile.newBuilder()
                        .setRole("data")
                        .setDigest("sha256:00")
                        .setRows(rows)
                        .addColumns(ColumnProfile.newBuilder()
                                .setName("Age")
                                .setType("number")
                                .setMin(19)
                                .setMax(75)))
                .build();
    }
}
