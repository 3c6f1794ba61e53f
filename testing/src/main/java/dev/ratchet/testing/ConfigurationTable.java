package dev.ratchet.testing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's configuration table against a service's {@code @ConfigMapping}s: every property
 * they declare must be in the table, by its name or by the environment variable the service's
 * application.properties maps onto it. In a cell, {@code `ratchet.a.b` / `c`} names
 * {@code ratchet.a.b} and its sibling {@code ratchet.a.c}.
 */
public final class ConfigurationTable {
    private static final Pattern TOKEN = Pattern.compile("`([^`]+)`");
    private static final Pattern VARIABLE = Pattern.compile("^\\s*([a-z][\\w.-]*)\\s*=\\s*\\$\\{([A-Z][A-Z0-9_]*)");

    private ConfigurationTable() {}

    /** The mappings' properties the README does not name; empty when it names them all. */
    public static List<String> undocumented(List<Class<?>> mappings, Path applicationProperties) {
        Set<String> documented = documented(readme());
        Map<String, String> variables = variables(applicationProperties);
        List<String> missing = new ArrayList<>();
        for (Class<?> mapping : mappings) {
            for (String property : properties(mapping)) {
                String variable = variables.get(property);
                if (!documented.contains(property) && (variable == null || !documented.contains(variable))) {
                    missing.add(property);
                }
            }
        }
        return missing;
    }

    /** Every property a mapping declares, groups expanded: {@code prefix.group.kebab-name}. */
    static List<String> properties(Class<?> mapping) {
        List<String> properties = new ArrayList<>();
        collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, properties);
        return properties;
    }

    private static void collect(String prefix, Class<?> type, List<String> properties) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault()) {
                continue;
            }
            WithName renamed = method.getAnnotation(WithName.class);
            String name = prefix + "." + (renamed == null ? kebab(method.getName()) : renamed.value());
            Class<?> value = method.getReturnType();
            if (value.isInterface() && value.getEnclosingClass() == type) {
                collect(name, value, properties);
            } else {
                properties.add(name);
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The names the configuration table's first column gives, siblings expanded. */
    static Set<String> documented(String readme) {
        int start = readme.indexOf("\n## Configuration");
        int end = readme.indexOf("\n## ", start + 1);
        Set<String> names = new HashSet<>();
        for (String line :
                readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (!line.startsWith("| ")) {
                continue;
            }
            String cell = line.substring(2, line.indexOf(" |", 1));
            Matcher token = TOKEN.matcher(cell);
            String last = null;
            while (token.find()) {
                String name = token.group(1);
                if (last != null && name.matches("[a-z][a-z0-9-]*") && last.contains(".")) {
                    name = last.substring(0, last.lastIndexOf('.') + 1) + name;
                }
                names.add(name);
                last = name;
            }
        }
        return names;
    }

    /** property → the environment variable application.properties reads it from. */
    private static Map<String, String> variables(Path applicationProperties) {
        Map<String, String> variables = new HashMap<>();
        if (applicationProperties == null || !Files.exists(applicationProperties)) {
            return variables;
        }
        try {
            for (String line : Files.readAllLines(applicationProperties)) {
                Matcher variable = VARIABLE.matcher(line);
                if (variable.find()) {
                    variables.put(variable.group(1), variable.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return variables;
    }

    /** The repository's README, found from the module's directory upwards. */
    private static String readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path readme = dir.resolve("README.md");
            try {
                if (Files.exists(readme) && Files.readString(readme).contains("\n## Configuration")) {
                    return Files.readString(readme);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no README.md with a '## Configuration' section above " + Path.of(""));
    }
}
