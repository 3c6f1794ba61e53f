package dev.ratchet.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A service's house rules ({@link ArchitectureRules}); each service's ArchitectureTest names its root and faces. */
public abstract class ServiceArchitectureTest {
    private JavaClasses classes;

    /** The service's root package, {@code dev.ratchet.<service>}. */
    protected abstract String root();

    /** The packages that serve gRPC or HTTP. */
    protected abstract List<String> faces();

    /** The packages that may use gRPC besides the clients of other services: the faces, unless said otherwise. */
    protected List<String> grpcPackages() {
        return faces();
    }

    private JavaClasses classes() {
        if (classes == null) {
            classes = ArchitectureRules.mainClasses(root());
        }
        return classes;
    }

    @Test
    void packagesFormNoCycle() {
        ArchitectureRules.noCyclesBetweenPackages(root()).check(classes());
    }

    @Test
    void usesNoOtherServicesCode() {
        ArchitectureRules.noOtherServicesCode(root()).check(classes());
    }

    @Test
    void servesOnlyFromItsFaces() {
        ArchitectureRules.servedOnlyFrom(root(), faces().toArray(String[]::new)).check(classes());
    }

    @Test
    void touchesGrpcOnlyInItsFacesAndClients() {
        ArchitectureRules.grpcOnlyIn(root(), grpcPackages().toArray(String[]::new))
                .check(classes());
    }
}
