using System.Reflection;
using System.Reflection.Emit;
using nanoFramework.TestFramework;

namespace NanoNode.TestFramework.Host;

/// <summary>One runnable case: a [TestMethod] without rows, or one [DataRow] of a method.</summary>
public sealed class NanoTestCase
{
    internal NanoTestCase(string id, Type testClass, MethodInfo method, object[]? row)
    {
        Id = id;
        TestClass = testClass;
        Method = method;
        Row = row;
    }

    /// <summary>Stable name: <c>Namespace.Class.Method</c>, plus <c>#N</c> (0-based) for the N-th data row.</summary>
    public string Id { get; }

    public Type TestClass { get; }

    public MethodInfo Method { get; }

    /// <summary>The row's arguments, or null for a method without rows.</summary>
    public object[]? Row { get; }
}

/// <summary>
/// Runs NFUnitTest-style test classes on host .NET with the nanoFramework UnitTestLauncher's rules
/// (nanoframework/nanoFramework.TestFramework: source/UnitTestLauncher/Program.cs): for each [TestClass], its [Setup]
/// methods run once before its first case, its [Cleanup] methods once after its last case; every method is invoked
/// without an instance, as on the device, so a test that touches instance state fails here too
/// (NullReferenceException) instead of passing on the host and failing on nanoclr.
/// </summary>
/// <remarks>
/// Cases of one class must run one after another (xunit runs the rows of one theory sequentially). A test that calls
/// <see cref="Assert.SkipTest"/> is reported as failed with the reason: the host runner has no dynamic skip, and a
/// silent pass would be a lie. A failing [Setup] fails every case of its class; a failing [Cleanup] fails the last.
/// </remarks>
public sealed class NanoTestSession
{
    private readonly Dictionary<string, NanoTestCase> _cases = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, ClassState> _classes = new();
    private readonly object _gate = new();

    /// <summary>Discovers the cases of the given types (those marked [TestClass]), in declaration order.</summary>
    public NanoTestSession(IEnumerable<Type> types)
    {
        var list = new List<NanoTestCase>();
        foreach (Type type in types.Where(t => t.GetCustomAttribute<TestClassAttribute>() is not null).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .OrderBy(m => m.MetadataToken)
                .ToArray();
            var state = new ClassState(
                methods.Where(m => m.GetCustomAttribute<SetupAttribute>() is not null).ToArray(),
                methods.Where(m => m.GetCustomAttribute<CleanupAttribute>() is not null).ToArray());
            foreach (MethodInfo method in methods)
            {
                DataRowAttribute[] rows = method.GetCustomAttributes<DataRowAttribute>().ToArray();
                string baseId = $"{type.FullName}.{method.Name}";
                if (rows.Length > 0)
                {
                    for (int i = 0; i < rows.Length; i++)
                    {
                        list.Add(new NanoTestCase($"{baseId}#{i}", type, method, rows[i].MethodParameters));
                    }
                }
                else if (method.GetCustomAttribute<TestMethodAttribute>() is not null)
                {
                    list.Add(new NanoTestCase(baseId, type, method, null));
                }
            }

            state.Remaining = list.Count(c => c.TestClass == type);
            if (state.Remaining > 0)
            {
                _classes[type] = state;
            }
        }

        foreach (NanoTestCase c in list)
        {
            if (!_cases.TryAdd(c.Id, c))
            {
                throw new InvalidOperationException($"Two test cases are named {c.Id} (overloaded test methods are not supported).");
            }
        }

        Cases = list;
    }

    /// <summary>All cases, class by class.</summary>
    public IReadOnlyList<NanoTestCase> Cases { get; }

    /// <summary>Discovers every [TestClass] of an assembly.</summary>
    public static NanoTestSession ForAssembly(Assembly assembly) => new(assembly.GetTypes());

    /// <summary>Runs one case; returns normally on success, throws <see cref="NanoTestFailedException"/> on failure.</summary>
    public void Run(string id)
    {
        if (!_cases.TryGetValue(id, out NanoTestCase? testCase))
        {
            throw new ArgumentException($"No test case {id}", nameof(id));
        }

        lock (_gate)
        {
            ClassState state = _classes[testCase.TestClass];
            if (!state.SetupDone)
            {
                state.SetupDone = true;
                foreach (MethodInfo setup in state.Setup)
                {
                    state.SetupFailure ??= Invoke(setup, null);
                }
            }

            Exception? failure = state.SetupFailure is null
                ? Invoke(testCase.Method, testCase.Row)
                : new NanoTestFailedException($"[Setup] of {testCase.TestClass.FullName} failed", state.SetupFailure);

            state.Remaining--;
            if (state.Remaining == 0)
            {
                foreach (MethodInfo cleanup in state.Cleanup)
                {
                    Exception? cleanupFailure = Invoke(cleanup, null);
                    failure ??= cleanupFailure is null ? null : new NanoTestFailedException($"[Cleanup] of {testCase.TestClass.FullName} failed", cleanupFailure);
                }
            }

            switch (failure)
            {
                case null:
                    return;
                case NanoTestFailedException wrapped:
                    throw wrapped;
                case SkipTestException skip:
                    throw new NanoTestFailedException($"{id} skipped itself ({skip.Message}); the host runner counts a skip as a failure", skip);
                default:
                    throw new NanoTestFailedException($"{id}: {failure.GetType().Name}: {failure.Message}", failure);
            }
        }
    }

    private static Exception? Invoke(MethodInfo method, object[]? args)
    {
        try
        {
            if (method.IsStatic)
            {
                method.Invoke(null, args);
            }
            else
            {
                InvokeWithNullThis(method, args ?? []);
            }

            return null;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            return ex.InnerException;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// Calls an instance method with a null <c>this</c>, as the nanoFramework launcher does (<c>method.Invoke(null, ...)</c>):
    /// a non-virtual IL <c>call</c> through a DynamicMethod. Arguments must already have the parameter types (no conversion,
    /// as on the device).
    /// </summary>
    private static void InvokeWithNullThis(MethodInfo method, object[] args)
    {
        ParameterInfo[] parameters = method.GetParameters();
        if (parameters.Length != args.Length)
        {
            throw new TargetParameterCountException($"{method.Name} takes {parameters.Length} arguments, the row has {args.Length}");
        }

        var dm = new DynamicMethod("nullthis_" + method.Name, typeof(void), [typeof(object[])], method.Module, skipVisibility: true);
        ILGenerator il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldnull);
        for (int i = 0; i < parameters.Length; i++)
        {
            Type p = parameters[i].ParameterType;
            if (args[i] is not null && !p.IsInstanceOfType(args[i]))
            {
                throw new ArgumentException($"{method.Name}: argument {i} is {args[i]!.GetType().Name}, the parameter is {p.Name}");
            }

            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(p.IsValueType ? OpCodes.Unbox_Any : OpCodes.Castclass, p);
        }

        il.Emit(OpCodes.Call, method);
        if (method.ReturnType != typeof(void))
        {
            il.Emit(OpCodes.Pop);
        }

        il.Emit(OpCodes.Ret);
        ((Action<object[]>)dm.CreateDelegate(typeof(Action<object[]>)))(args);
    }

    private sealed class ClassState(MethodInfo[] setup, MethodInfo[] cleanup)
    {
        public MethodInfo[] Setup { get; } = setup;

        public MethodInfo[] Cleanup { get; } = cleanup;

        public int Remaining { get; set; }

        public bool SetupDone { get; set; }

        public Exception? SetupFailure { get; set; }
    }
}

/// <summary>A case failed: an assertion, an unexpected exception, a failing [Setup]/[Cleanup], or a skip.</summary>
public sealed class NanoTestFailedException(string message, Exception inner) : Exception(message, inner);
