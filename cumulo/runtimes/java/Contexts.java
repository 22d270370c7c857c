package cumulo.runtime;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

/**
 * The `Context` a handler gets, as a dynamic proxy of the interface the function
 * bundles (aws-lambda-java-core), so this runtime needs none of its classes.
 *
 * Methods answered (https://docs.aws.amazon.com/lambda/latest/dg/java-context.html):
 * getAwsRequestId, getFunctionName, getFunctionVersion, getInvokedFunctionArn,
 * getMemoryLimitInMB, getRemainingTimeInMillis, getLogGroupName, getLogStreamName,
 * getLogger (a LambdaLogger proxy writing lines to stdout), getIdentity and
 * getClientContext (proxies over the invocation's Cognito identity and client
 * context, null without them), getXrayTraceId. Any other method answers its
 * return type's zero value, so a newer interface never breaks a call.
 */
final class Contexts {
    private Contexts() {
    }

    static Object context(final Class<?> type, final RuntimeApi.Invocation invocation) {
        return proxy(type, new InvocationHandler() {
            @Override
            public Object invoke(Object self, Method method, Object[] args) {
                String name = method.getName();
                Class<?> returns = method.getReturnType();
                if (name.equals("getAwsRequestId")) return invocation.requestId;
                if (name.equals("getInvokedFunctionArn")) return invocation.functionArn;
                if (name.equals("getXrayTraceId")) return invocation.traceId;
                if (name.equals("getFunctionName")) return env("AWS_LAMBDA_FUNCTION_NAME");
                if (name.equals("getFunctionVersion")) return env("AWS_LAMBDA_FUNCTION_VERSION");
                if (name.equals("getLogGroupName")) return env("AWS_LAMBDA_LOG_GROUP_NAME");
                if (name.equals("getLogStreamName")) return env("AWS_LAMBDA_LOG_STREAM_NAME");
                if (name.equals("getMemoryLimitInMB")) return Integer.valueOf(memory());
                if (name.equals("getRemainingTimeInMillis")) {
                    return Integer.valueOf((int) Math.max(0, Math.min(Integer.MAX_VALUE, invocation.deadlineMs - System.currentTimeMillis())));
                }
                if (name.equals("getLogger")) return returns.isInterface() ? logger(returns) : null;
                if (name.equals("getIdentity")) return data(returns, invocation.cognitoIdentity);
                if (name.equals("getClientContext")) return data(returns, invocation.clientContext);
                return objectMethod(self, method, args, "Context(" + invocation.requestId + ")");
            }
        });
    }

    /** A LambdaLogger: each `log(...)` call is one line on stdout, as one CloudWatch event. */
    static Object logger(Class<?> type) {
        return proxy(type, new InvocationHandler() {
            @Override
            public Object invoke(Object self, Method method, Object[] args) {
                if (method.getName().equals("log") && args != null && args.length > 0) {
                    String text = args[0] instanceof byte[] ? new String((byte[]) args[0], StandardCharsets.UTF_8) : String.valueOf(args[0]);
                    PrintStream out = System.out;
                    out.print(text.endsWith("\n") ? text : text + "\n");
                    out.flush();
                    return null;
                }
                return objectMethod(self, method, args, "LambdaLogger");
            }
        });
    }

    /**
     * An interface read from a JSON object: `getIdentityPoolId` answers the member
     * "identityPoolId", "cognitoIdentityPoolId" or "identity_pool_id"; `getEnvironment`
     * also "env" (the client context's shape); nested interfaces are proxies too.
     */
    private static Object data(Class<?> type, Map<String, Object> values) {
        if (values == null || !type.isInterface()) {
            return null;
        }
        final Map<String, Object> members = values;
        return proxy(type, new InvocationHandler() {
            @Override
            public Object invoke(Object self, Method method, Object[] args) {
                String name = method.getName();
                if (!name.startsWith("get") || name.length() == 3 || (args != null && args.length > 0)) {
                    return objectMethod(self, method, args, "Context data " + members);
                }
                String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                Object value = null;
                for (String key : new String[] {property, "cognito" + name.substring(3), snake(property), property.equals("environment") ? "env" : property}) {
                    if (members.containsKey(key)) {
                        value = members.get(key);
                        break;
                    }
                }
                Class<?> returns = method.getReturnType();
                if (value instanceof Map && returns.isInterface() && !Map.class.isAssignableFrom(returns)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> nested = (Map<String, Object>) value;
                    return data(returns, nested);
                }
                if (value == null && Map.class.isAssignableFrom(returns)) {
                    return Collections.emptyMap();
                }
                if (value != null && returns == String.class) {
                    return String.valueOf(value);
                }
                return returns.isInstance(value) ? value : zero(returns);
            }
        });
    }

    private static Object proxy(Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object objectMethod(Object self, Method method, Object[] args, String shown) {
        String name = method.getName();
        if (name.equals("toString") && method.getParameterTypes().length == 0) return shown;
        if (name.equals("hashCode") && method.getParameterTypes().length == 0) return Integer.valueOf(System.identityHashCode(self));
        if (name.equals("equals") && method.getParameterTypes().length == 1) return Boolean.valueOf(args[0] == self);
        return zero(method.getReturnType());
    }

    private static Object zero(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) return null;
        if (type == boolean.class) return Boolean.FALSE;
        if (type == char.class) return Character.valueOf('\0');
        if (type == long.class) return Long.valueOf(0);
        if (type == double.class) return Double.valueOf(0);
        if (type == float.class) return Float.valueOf(0);
        if (type == short.class) return Short.valueOf((short) 0);
        if (type == byte.class) return Byte.valueOf((byte) 0);
        return Integer.valueOf(0);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }

    private static int memory() {
        try {
            return Integer.parseInt(env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        } catch (NumberFormatException e) {
            return 128;
        }
    }

    private static String snake(String camel) {
        StringBuilder out = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                out.append('_').append(Character.toLowerCase(ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
