package cumulo.runtime;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Java records (Java 16 and later) as event and result types, as AWS's own Java 17
 * handler examples use them: built through the canonical constructor, read through
 * the component accessors.
 *
 * The record API is reached by reflection, so this compiles as Java 8 source and,
 * on an older JVM, no class is ever a record.
 */
final class Records {
    private static final Method IS_RECORD = lookup(Class.class, "isRecord");
    private static final Method COMPONENTS = lookup(Class.class, "getRecordComponents");

    private Records() {
    }

    static boolean isRecord(Class<?> type) {
        if (IS_RECORD == null) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(IS_RECORD.invoke(type));
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    static Object build(Class<?> type, Map<String, Object> members) {
        try {
            Object[] components = (Object[]) COMPONENTS.invoke(type);
            Class<?>[] types = new Class<?>[components.length];
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                Class<?> kind = components[i].getClass();
                String name = (String) kind.getMethod("getName").invoke(components[i]);
                types[i] = (Class<?>) kind.getMethod("getType").invoke(components[i]);
                Type generic = (Type) kind.getMethod("getGenericType").invoke(components[i]);
                values[i] = Binder.fromJson(member(members, name), generic);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Cannot construct instance of " + type.getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot construct instance of " + type.getName() + ": " + e, e);
        }
    }

    static Map<String, Object> components(Object record) {
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        try {
            for (Object component : (Object[]) COMPONENTS.invoke(record.getClass())) {
                Class<?> kind = component.getClass();
                String name = (String) kind.getMethod("getName").invoke(component);
                Method accessor = (Method) kind.getMethod("getAccessor").invoke(component);
                accessor.setAccessible(true);
                out.put(name, accessor.invoke(record));
            }
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Cannot serialize " + record.getClass().getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot serialize " + record.getClass().getName() + ": " + e, e);
        }
        return out;
    }

    /** A member by its exact name, else ignoring case (as bean properties match). */
    private static Object member(Map<String, Object> members, String name) {
        if (members.containsKey(name)) {
            return members.get(name);
        }
        for (Map.Entry<String, Object> entry : members.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static Method lookup(Class<?> owner, String name) {
        try {
            return owner.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
