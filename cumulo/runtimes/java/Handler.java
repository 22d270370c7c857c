package cumulo.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The function's handler: found once at init, called once per invocation.
 *
 * `_HANDLER` is `package.Class::method`, or `package.Class` for `handleRequest`
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-handler.html). The class is
 * loaded (running its static initializers) and, unless the method is static,
 * instantiated once through its no-argument constructor: failures there are init
 * errors.
 *
 * Shapes accepted, each with an optional trailing Context
 * (`com.amazonaws.services.lambda.runtime.Context`, from the function's own
 * aws-lambda-java-core):
 * - stream: `(InputStream, OutputStream[, Context])`, the payload in, the bytes
 *   written out as the response;
 * - value: `(T[, Context])` or `()`, the payload bound to T by Binder, the result
 *   written as JSON ("null" for void).
 * Among overloads, the one with the most parameters wins; on a tie, the one whose
 * last parameter is the Context. Bridge methods (the erased `handleRequest(Object,
 * Context)` of a `RequestHandler<I, O>`) are never chosen.
 */
final class Handler {
    static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";

    private final Object target;
    private final Method method;
    private final boolean stream;
    private final boolean input;
    private final Class<?> contextType;

    private Handler(Object target, Method method) {
        this.target = target;
        this.method = method;
        Class<?>[] params = method.getParameterTypes();
        int count = params.length;
        this.contextType = count > 0 && isContext(params[count - 1]) ? params[count - 1] : null;
        int values = contextType == null ? count : count - 1;
        this.stream = values == 2;
        this.input = values == 1;
    }

    static Handler load(String spec, ClassLoader loader) throws Throwable {
        if (spec == null || spec.trim().isEmpty()) {
            throw new IllegalArgumentException("No handler: _HANDLER is empty");
        }
        String className = spec.trim();
        String methodName = "handleRequest";
        int split = className.indexOf("::");
        if (split >= 0) {
            methodName = className.substring(split + 2);
            className = className.substring(0, split);
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new ClassNotFoundException("Class not found: " + className, e);
        }
        Method method = choose(type, methodName);
        if (method == null) {
            throw new NoSuchMethodException("No public method named " + methodName + " with appropriate method signature found on class " + type.getName());
        }
        method.setAccessible(true); // a public method of a class that is not public
        Object target = null;
        if (!Modifier.isStatic(method.getModifiers())) {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            try {
                target = constructor.newInstance();
            } catch (InvocationTargetException e) {
                throw e.getCause(); // the constructor's own exception is the init error
            }
        }
        return new Handler(target, method);
    }

    /** The Context parameter's interface, or null when the handler takes none. */
    Class<?> contextType() {
        return contextType;
    }

    /** Runs one invocation; the handler's own exceptions come out as they were thrown. */
    byte[] invoke(byte[] payload, Object context) throws Throwable {
        List<Object> args = new ArrayList<Object>(3);
        ByteArrayOutputStream out = null;
        if (stream) {
            out = new ByteArrayOutputStream();
            args.add(new ByteArrayInputStream(payload));
            args.add(out);
        } else if (input) {
            args.add(bind(payload, method.getGenericParameterTypes()[0]));
        }
        if (contextType != null) {
            args.add(context);
        }
        Object result;
        try {
            result = method.invoke(target, args.toArray());
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (out != null) {
            return out.toByteArray();
        }
        return Json.write(Binder.toJson(result)).getBytes(StandardCharsets.UTF_8);
    }

    private static Object bind(byte[] payload, Type type) {
        String text = new String(payload, StandardCharsets.UTF_8);
        try {
            Object value = text.trim().isEmpty() ? null : Json.parse(text);
            return Binder.fromJson(value, type);
        } catch (IllegalArgumentException e) {
            // The managed runtime's wording for an event that does not fit the handler's type.
            throw new RuntimeException("An error occurred during JSON parsing", e);
        }
    }

    private static Method choose(Class<?> type, String name) {
        List<Method> candidates = new ArrayList<Method>();
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && !method.isBridge() && !method.isSynthetic() && fits(method.getParameterTypes())) {
                candidates.add(method);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        Collections.sort(candidates, new Comparator<Method>() {
            @Override
            public int compare(Method a, Method b) {
                int byCount = b.getParameterTypes().length - a.getParameterTypes().length;
                if (byCount != 0) {
                    return byCount;
                }
                int byContext = Boolean.compare(endsWithContext(b), endsWithContext(a));
                return byContext != 0 ? byContext : a.toString().compareTo(b.toString());
            }
        });
        return candidates.get(0);
    }

    private static boolean fits(Class<?>[] params) {
        int count = params.length;
        if (count > 0 && isContext(params[count - 1])) {
            count--;
        }
        if (count == 2) {
            return params[0] == InputStream.class && params[1] == OutputStream.class;
        }
        return count <= 1;
    }

    private static boolean endsWithContext(Method method) {
        Class<?>[] params = method.getParameterTypes();
        return params.length > 0 && isContext(params[params.length - 1]);
    }

    private static boolean isContext(Class<?> type) {
        return type.isInterface() && type.getName().equals(CONTEXT);
    }
}
