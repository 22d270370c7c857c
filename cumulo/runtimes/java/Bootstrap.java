package cumulo.runtime;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * cumulo's Java runtime client: loads the function's handler and serves it over the
 * Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html),
 * as the managed java8.al2 / java11 / java17 / java21 runtimes do.
 *
 * Started by cumulo (runtimes/jvm.py) as `java -cp <this>:<task root>:<jars>
 * cumulo.runtime.Bootstrap` in the function's directory, with the documented
 * environment (`_HANDLER`, `AWS_LAMBDA_RUNTIME_API`, ...). Life: init (Handler.load:
 * class, method, instance; a failure is posted to `/init/error` and the process
 * exits), then forever: `/invocation/next`, call, `/response` or `/error`.
 *
 * Error payloads have the managed runtime's shape
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-exceptions.html): errorMessage,
 * errorType (the exception's class name), stackTrace (one string per frame, this
 * runtime's and reflection's frames left out) and, when there is one, cause, the
 * same shape again.
 *
 * Standard library only, Java 8 source; package `cumulo.runtime`, so no class here
 * can shadow one of the function's.
 */
public final class Bootstrap {
    private static final int MAX_CAUSES = 8;

    private Bootstrap() {
    }

    public static void main(String[] args) throws UnsupportedEncodingException {
        // UTF-8 whatever the machine's locale, and flushed on every line, as the logs are read live.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8"));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, "UTF-8"));
        String address = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (address == null || address.isEmpty()) {
            System.err.println("AWS_LAMBDA_RUNTIME_API is not set: this runs inside a Lambda execution environment only.");
            System.exit(2);
        }
        RuntimeApi api = new RuntimeApi(address);
        Handler handler = init(api);
        try {
            serve(api, handler);
        } catch (IOException e) {
            System.err.println("Lost the Runtime API: " + e.getMessage());
            System.exit(1);
        }
    }

    private static Handler init(RuntimeApi api) {
        try {
            return Handler.load(System.getenv("_HANDLER"), Bootstrap.class.getClassLoader());
        } catch (Throwable error) {
            error.printStackTrace();
            try {
                api.initError(payload(error), error.getClass().getName());
            } catch (IOException e) {
                System.err.println("Could not report the init error: " + e.getMessage());
            }
            System.exit(1);
            return null; // not reached
        }
    }

    private static void serve(RuntimeApi api, Handler handler) throws IOException {
        while (true) {
            RuntimeApi.Invocation invocation = api.next();
            // Java cannot set an environment variable: the trace header goes in the
            // system property the X-Ray SDK for Java reads instead of _X_AMZN_TRACE_ID.
            if (invocation.traceId.isEmpty()) {
                System.clearProperty("com.amazonaws.xray.traceHeader");
            } else {
                System.setProperty("com.amazonaws.xray.traceHeader", invocation.traceId);
            }
            Class<?> contextType = handler.contextType();
            Object context = contextType == null ? null : Contexts.context(contextType, invocation);
            byte[] result;
            try {
                result = handler.invoke(invocation.payload, context);
            } catch (Throwable error) {
                error.printStackTrace();
                System.out.flush();
                api.fail(invocation.requestId, payload(error), error.getClass().getName());
                if (error instanceof VirtualMachineError && !(error instanceof StackOverflowError)) {
                    System.exit(1); // out of memory or worse: this JVM is not fit for another invocation
                }
                continue;
            }
            System.out.flush();
            System.err.flush();
            api.respond(invocation.requestId, result);
        }
    }

    static byte[] payload(Throwable error) {
        return Json.write(describe(error, 0)).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> describe(Throwable error, int depth) {
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        if (error.getMessage() != null) {
            out.put("errorMessage", error.getMessage());
        }
        out.put("errorType", error.getClass().getName());
        List<String> frames = new ArrayList<String>();
        for (StackTraceElement frame : error.getStackTrace()) {
            String owner = frame.getClassName();
            if (owner.startsWith("cumulo.runtime.") || owner.startsWith("jdk.internal.reflect.") || owner.startsWith("sun.reflect.") || owner.equals("java.lang.reflect.Method")) {
                continue;
            }
            frames.add(frame(frame));
        }
        out.put("stackTrace", frames);
        Throwable cause = error.getCause();
        if (cause != null && cause != error && depth < MAX_CAUSES) {
            out.put("cause", describe(cause, depth + 1));
        }
        return out;
    }

    private static String frame(StackTraceElement frame) {
        String where;
        if (frame.isNativeMethod()) {
            where = "Native Method";
        } else if (frame.getFileName() == null) {
            where = "Unknown Source";
        } else {
            where = frame.getFileName() + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "");
        }
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }
}
