package dev.ratchet.contract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contract is plain Java over protobuf (and Kafka's record types): the CLI and the clients can use it. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.ratchet.contract");

    @Test
    void usesNoRuntime() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..",
                        "io.grpc..",
                        "io.smallrye..",
                        "io.vertx..",
                        "jakarta..",
                        "org.hibernate..",
                        "org.eclipse.microprofile..",
                        "dev.ratchet.common..")
                .because("the runtime (outbox, inbox, gRPC status table) lives in common")
                .check(CLASSES);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.ratchet.contract.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }
}
