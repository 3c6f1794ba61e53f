package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.DataProfile;
import dev.ratchet.events.v1.PartProfile;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.tracking.v1.GetDatasetProfileRequest;
import dev.ratchet.tracking.v1.SaveDatasetProfileRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Profiles are stored by key once: the first one stored is the one every later caller gets. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class DatasetProfilesTest {
    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @Test
    void aProfileIsStoredOnceUnderItsKey() {
        String key = newKey();
        DataProfile first = profile(key, 1000);
        assertEquals(first, tracking.saveDatasetProfile(SaveDatasetProfileRequest.newBuilder().setProfile(first)
                .build()).getProfile());
        DataProfile second = profile(key, 999);
        assertEquals(first, tracking.saveDatasetProfile(SaveDatasetProfileRequest.newBuilder().setProfile(second)
                .build()).getProfile(), "the key names the content: the stored profile stays");
        assertEquals(first, tracking.getDatasetProfile(GetDatasetProfileRequest.newBuilder().setKey(key).build())
                .getProfile());
    }

    @Test
    void badKeysAndUnknownProfilesAreRefused() {
        assertStatus(Status.Code.NOT_FOUND, "ProfileDataset computes and stores it", () ->
                tracking.getDatasetProfile(GetDatasetProfileRequest.newBuilder().setKey(newKey()).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "must be 'profile:' and 64 lowercase hex digits", () ->
                tracking.getDatasetProfile(GetDatasetProfileRequest.newBuilder().setKey("sha256:abc").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "no parts", () -> tracking.saveDatasetProfile(
                SaveDatasetProfileRequest.newBuilder().setProfile(DataProfile.newBuilder().setKey(newKey())).build()));
    }

    private static String newKey() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "profile:" + HexFormat.of().formatHex(bytes);
    }

    private static DataProfile profile(String key, long rows) {
        return DataProfile.newBuilder().setKey(key).setLabelColumn("Class").addParts(PartProfile.newBuilder()
                .setRole("data").setDigest("sha256:00").setRows(rows)
                .addColumns(ColumnProfile.newBuilder().setName("Age").setType("number").setMin(19).setMax(75)))
                .build();
    }
}
