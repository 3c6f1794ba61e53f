package dev.ratchet.orchestrator.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.orchestration.v1.ExecutorKind;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.Resources;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Checks job templates before anything runs, and turns one plus a run's parameters into a launch. */
public final class JobTemplates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobTemplates() {}

    /** What a job needs to know about its run, beyond its parameters. */
    public record RunContext(
            String runId, String experimentName, String trackingTarget, String studyId, Integer trialNumber) {}

    /** The process to start: its command line, directory and environment, and where its output goes. */
    public record Launch(
            List<String> command,
            Path workingDir,
            Map<String, String> env,
            Path logFile,
            Optional<ParamsFile> paramsFile) {}

    /** Parameters passed as a JSON file: where it goes and what it holds. */
    public record ParamsFile(Path path, String json) {}

    /**
     * INVALID_ARGUMENT for an empty command, FAILED_PRECONDITION for a program or directory that is
     * not there — said before any run starts.
     */
    public static JobTemplate validated(JobTemplate template) {
        if (template.getCommandCount() == 0 || template.getCommand(0).isBlank()) {
            throw ApiException.invalidArgument("job.command is empty; give the program and its arguments");
        }
        template.getEnvMap().keySet().stream()
                .filter(k -> k.startsWith("RATCHET_"))
                .findFirst()
                .ifPresent(k -> {
                    throw ApiException.invalidArgument(
                            "job.env: '" + k + "' is set by the orchestrator; use another name");
                });
        if (template.getExecutorValue() > 2) {
            throw ApiException.invalidArgument("job.executor is unknown: use LOCAL or KUBERNETES");
        }
        if (template.getParamPassingValue() > 3) {
            throw ApiException.invalidArgument("job.param_passing is unknown: use ARGS, ENV or JSON_FILE");
        }
        if (template.getExecutor() == ExecutorKind.EXECUTOR_KIND_KUBERNETES) {
            return validatedForKubernetes(template);
        }
        String program = template.getCommand(0);
        if (resolve(program).isEmpty()) {
            throw ApiException.failedPrecondition("job.command: '" + program + "' is not "
                    + (program.contains("/") ? "an executable file" : "an executable on the orchestrator's PATH")
                    + "; install it or give its full path");
        }
        if (!template.getWorkingDir().isEmpty() && !Files.isDirectory(Path.of(template.getWorkingDir()))) {
            throw ApiException.failedPrecondition("job.working_dir '" + template.getWorkingDir()
                    + "' is not a directory on the orchestrator's machine");
        }

        return template;
    }

    /** A Kubernetes job's command runs in its image, so only the template's own consistency is checked here. */
    private static JobTemplate validatedForKubernetes(JobTemplate template) {
        if (template.getImage().isBlank()) {
            throw ApiException.invalidArgument("job.image is empty; a Kubernetes job needs a container image");
        }
        Resources resources = template.getResources();
        if (resources.getCpu() < 0 || resources.getMemoryBytes() < 0 || resources.getGpus() < 0) {
            throw ApiException.invalidArgument("job.resources must not be negative");
        }
        return template;
    }

    /** The program as a path: taken as given when it names a path, otherwise looked up on the PATH. */
    static Optional<Path> resolve(String program) {
        if (program.contains("/")) {
            Path path = Path.of(program);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The launch of a run; parameter values are Double, Long or String (typed in a JSON file). */
    public static Launch launch(JobTemplate template, Map<String, Object> params, RunContext run, Path logDir) {
        List<String> command = new ArrayList<>(template.getCommandList());
        Map<String, String> env = new LinkedHashMap<>(template.getEnvMap());
        env.put("RATCHET_RUN_ID", run.runId());
        env.put("RATCHET_EXPERIMENT", run.experimentName());
        env.put("RATCHET_TRACKING_TARGET", run.trackingTarget());
        if (run.studyId() != null) {
            env.put("RATCHET_STUDY_ID", run.studyId());
            env.put("RATCHET_TRIAL_NUMBER", String.valueOf(run.trialNumber()));
        }
        Optional<ParamsFile> paramsFile = Optional.empty();
        switch (template.getParamPassing()) {
            case PARAM_PASSING_ENV -> params.forEach((name, value) -> env.put(envName(name), String.valueOf(value)));
            case PARAM_PASSING_JSON_FILE -> {
                Path path = logDir.resolve(run.runId() + ".params.json");
                env.put("RATCHET_PARAMS_FILE", path.toString());
                paramsFile = Optional.of(new ParamsFile(path, json(params)));
            }
            default -> params.forEach((name, value) -> command.add("--" + name + "=" + value));
        }
        Path workingDir =
                template.getWorkingDir().isEmpty() ? Path.of("").toAbsolutePath() : Path.of(template.getWorkingDir());
        return new Launch(command, workingDir, env, logDir.resolve(run.runId() + ".log"), paramsFile);
    }

    /** {@code learning-rate} → {@code RATCHET_PARAM_LEARNING_RATE}. */
    static String envName(String param) {
        return "RATCHET_PARAM_" + param.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String json(Map<String, Object> params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
