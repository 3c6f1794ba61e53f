package dev.ratchet.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;

/**
 * The house rules of a service, checked by each service's {@code ArchitectureTest}: its feature
 * packages form no cycle, it uses no other service's code, it serves gRPC and HTTP only from its
 * faces, and outside them only a client of another service touches gRPC (domain code throws
 * {@code ApiException}; the faces turn it into a status).
 */
public final class ArchitectureRules {
    private static final List<String> SERVICES = List.of("tracking", "orchestrator", "evaluation", "console", "cli");
    private static final String GRPC_SERVICE = "io.quarkus.grpc.GrpcService";
    private static final String GRPC_CLIENT = "io.quarkus.grpc.GrpcClient";
    private static final String HTTP_RESOURCE = "jakarta.ws.rs.Path";

    private ArchitectureRules() {}

    /** The service's main classes under {@code root}; its tests and the jars it uses (the protos) left out. */
    public static JavaClasses mainClasses(String root) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(root);
    }

    /** The packages right under the root (features) depend on each other without a cycle. */
    public static ArchRule noCyclesBetweenPackages(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /** No class uses another service's code; the services share only the proto, contract and common modules. */
    public static ArchRule noOtherServicesCode(String root) {
        String[] others = SERVICES.stream()
                .map(service -> "dev.ratchet." + service)
                .filter(name -> !name.equals(root))
                .map(name -> name + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .dependOnClassesThat(resideInAnyPackage(others).and(not(resideInAPackage("dev.ratchet.*.v1.."))))
                .because("services talk over gRPC and Kafka, never through each other's classes");
    }

    /** gRPC services and HTTP resources live only in the face packages (for example {@code api}, {@code mlflow}). */
    public static ArchRule servedOnlyFrom(String root, String... faces) {
        return classes()
                .that()
                .areAnnotatedWith(GRPC_SERVICE)
                .or()
                .areAnnotatedWith(HTTP_RESOURCE)
                .should()
                .resideInAnyPackage(packages(root, faces))
                .allowEmptyShould(true);
    }

    /**
     * Outside the given packages, gRPC's runtime (io.grpc, Quarkus' gRPC: channels, statuses) is used
     * only by a client of another service: a class holding a {@code @GrpcClient}, with its nested
     * classes. Calling a generated stub handed over by such a client is fine.
     */
    public static ArchRule grpcOnlyIn(String root, String... packages) {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and(not(resideInAnyPackage(packages(root, packages))))
                .and(not(holdingAGrpcClient()))
                .should()
                .dependOnClassesThat(grpc())
                .because("status codes are chosen and read at the edges: domain code throws ApiException");
    }

    private static String[] packages(String root, String... names) {
        return Stream.of(names).map(name -> root + "." + name + "..").toArray(String[]::new);
    }

    private static DescribedPredicate<JavaClass> grpc() {
        return resideInAnyPackage("io.grpc..", "io.quarkus.grpc..").as("are gRPC's runtime (io.grpc, io.quarkus.grpc)");
    }

    private static DescribedPredicate<JavaClass> holdingAGrpcClient() {
        return DescribedPredicate.describe("hold a @GrpcClient", type -> {
            JavaClass outer = type;
            while (outer.getEnclosingClass().isPresent()) {
                outer = outer.getEnclosingClass().get();
            }
            return outer.getFields().stream().anyMatch(field -> field.isAnnotatedWith(GRPC_CLIENT));
        });
    }
}
