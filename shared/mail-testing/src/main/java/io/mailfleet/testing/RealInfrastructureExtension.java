package io.mailfleet.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the real servers: {@code @ExtendWith(RealInfrastructureExtension.class)} and a
 * parameter of type {@link Infrastructure}. The servers are shared across all test classes of the
 * run and stopped when the run ends.
 */
public final class RealInfrastructureExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealInfrastructureExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Infrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store outlives every test class and closes what it holds when the run ends.
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(RunScope.class, key -> new RunScope(), RunScope.class);
        return TestInfrastructure.shared();
    }

    private static final class RunScope implements AutoCloseable {
        @Override
        public void close() {
            TestInfrastructure.stop();
        }
    }
}
