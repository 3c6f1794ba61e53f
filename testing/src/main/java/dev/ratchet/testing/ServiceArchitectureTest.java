package dev.ratchet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service's house rules ({@link ArchitectureRules}) and its settings documented ({@link
 * ConfigurationTable}); each service's ArchitectureTest names its root, faces and configuration.
 */
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

    /** The service's {@code @ConfigMapping}s, whose every property the README's configuration table names. */
    protected List<Class<?>> configMappings() {
        return List.of();
    }

    private JavaClasses classes() {
        if (classes == null) {
            classes = ArchitectureRules.mainClasses(root());
        }
        return classes;
    }

    @Test
    void everySettingIsInTheReadme() {
        assertEquals(
                List.of(),
                ConfigurationTable.undocumented(configMappings(), Path.of("src/main/resources/application.properties")),
                "settings missing from the README's configuration table");
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
