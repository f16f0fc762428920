package io.mailfleet.deploy.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The settings a packaged service reads, found in its code rather than listed by hand: every
 * {@code @ConfigMapping} interface in the service's own and mailfleet's jars (prefix plus method
 * names, as SmallRye Config maps them), and every {@code ${VARIABLE:default}} its
 * application.properties refers to. Each is known by its environment variable name.
 */
final class ServiceSettings {

    /** One setting: its property, the environment variable that sets it, whether it is a number, its default. */
    record Setting(String property, String variable, boolean numeric, Optional<String> defaultValue) {

        boolean isPort() {
            return numeric && property.endsWith("port");
        }
    }

    private static final String CONFIG_MAPPING = "io.smallrye.config.ConfigMapping";
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([^}]*))?}");
    private static final Map<String, ServiceSettings> CACHE = new ConcurrentHashMap<>();

    private final Map<String, Setting> byVariable;

    private ServiceSettings(Map<String, Setting> byVariable) {
        this.byVariable = byVariable;
    }

    static ServiceSettings of(String service) {
        return CACHE.computeIfAbsent(service, name -> read(Project.quarkusApp(name)));
    }

    Optional<Setting> byVariable(String variable) {
        return Optional.ofNullable(byVariable.get(variable));
    }

    Stream<Setting> ports() {
        return byVariable.values().stream().filter(Setting::isPort);
    }

    Map<String, Setting> all() {
        return byVariable;
    }

    private static ServiceSettings read(Path app) {
        Map<String, Setting> settings = new TreeMap<>();
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> appJars = Files.list(app.resolve("app")); Stream<Path> libs = Files.list(app.resolve("lib/main"))) {
            List<Path> own = appJars.filter(jar -> jar.toString().endsWith(".jar")).toList();
            List<Path> all = Stream.concat(own.stream(), libs).toList();
            scanned.addAll(own);
            all.stream().filter(jar -> jar.getFileName().toString().startsWith("io.mailfleet.")).forEach(scanned::add);
            try (URLClassLoader loader = new URLClassLoader(urls(all), ClassLoader.getPlatformClassLoader())) {
                for (Path jar : scanned) {
                    for (Class<?> mapping : configMappings(jar, loader)) {
                        String prefix = (String) annotationValue(annotation(mapping, CONFIG_MAPPING).orElseThrow(), "prefix");
                        addGroup(settings, prefix, mapping);
                    }
                }
            }
            for (Path jar : own) {
                addPropertyReferences(settings, jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceSettings(Map.copyOf(settings));
    }

    private static URL[] urls(List<Path> jars) {
        return jars.stream().map(jar -> {
            try {
                return jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }).toArray(URL[]::new);
    }

    /** Classes of a jar annotated @ConfigMapping; only those whose bytes name the annotation are loaded. */
    private static List<Class<?>> configMappings(Path jar, ClassLoader loader) throws IOException {
        List<Class<?>> mappings = new ArrayList<>();
        byte[] marker = CONFIG_MAPPING.replace('.', '/').getBytes(StandardCharsets.UTF_8);
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = file.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (contains(bytes, marker)) {
                    String name = entry.getName().replace('/', '.').substring(0, entry.getName().length() - ".class".length());
                    try {
                        Class<?> type = Class.forName(name, false, loader);
                        if (annotation(type, CONFIG_MAPPING).isPresent()) {
                            mappings.add(type);
                        }
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException("cannot load " + name + " from " + jar, e);
                    }
                }
            }
        }
        return mappings;
    }

    private static void addGroup(Map<String, Setting> settings, String prefix, Class<?> group) {
        for (Method method : group.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            String name = annotation(method, "io.smallrye.config.WithName")
                    .map(withName -> (String) annotationValue(withName, "value"))
                    .orElseGet(() -> kebabCase(method.getName()));
            String property = prefix + "." + name;
            Class<?> type = valueType(method.getGenericReturnType());
            if (type.isInterface() && type.getName().startsWith("io.mailfleet.")) {
                addGroup(settings, property, type);
                continue;
            }
            Optional<String> defaultValue = annotation(method, "io.smallrye.config.WithDefault")
                    .map(withDefault -> (String) annotationValue(withDefault, "value"));
            boolean numeric = type == int.class || type == long.class || type == short.class || Number.class.isAssignableFrom(type);
            String variable = environmentName(property);
            settings.put(variable, new Setting(property, variable, numeric, defaultValue));
        }
    }

    /** The type a setting holds: T of Optional&lt;T&gt;, else the return type itself. */
    private static Class<?> valueType(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Optional.class) {
            Type argument = parameterized.getActualTypeArguments()[0];
            return argument instanceof Class<?> plain ? plain : (Class<?>) ((ParameterizedType) argument).getRawType();
        }
        return type instanceof Class<?> plain ? plain : (Class<?>) ((ParameterizedType) type).getRawType();
    }

    /** {@code quarkus.http.port=${MAILFLEET_SMTP_HTTP_PORT:8081}}: the variable sets quarkus.http.port. */
    private static void addPropertyReferences(Map<String, Setting> settings, Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry("application.properties");
            if (entry == null) {
                return;
            }
            java.util.Properties properties = new java.util.Properties();
            try (InputStream in = file.getInputStream(entry)) {
                properties.load(in);
            }
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("%")) {
                    continue;
                }
                Matcher reference = VARIABLE_REFERENCE.matcher(properties.getProperty(key));
                while (reference.find()) {
                    Optional<String> defaultValue = Optional.ofNullable(reference.group(2));
                    boolean numeric = defaultValue.map(value -> value.matches("\\d+")).orElse(false);
                    settings.put(reference.group(1), new Setting(key, reference.group(1), numeric, defaultValue));
                }
            }
        }
    }

    static String kebabCase(String methodName) {
        StringBuilder kebab = new StringBuilder();
        for (char c : methodName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }

    /** SmallRye Config's rule: every character that is not a letter or digit becomes _, then upper case. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private static Optional<Annotation> annotation(java.lang.reflect.AnnotatedElement element, String type) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation.annotationType().getName().equals(type)) {
                return Optional.of(annotation);
            }
        }
        return Optional.empty();
    }

    private static Object annotationValue(Annotation annotation, String attribute) {
        try {
            return annotation.annotationType().getMethod(attribute).invoke(annotation);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean contains(byte[] bytes, byte[] marker) {
        outer:
        for (int i = 0; i <= bytes.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
