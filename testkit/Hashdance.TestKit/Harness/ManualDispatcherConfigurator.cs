using Akka.Configuration;
using Akka.Dispatch;

namespace Hashdance.TestKit;

/// <summary>Makes the one <see cref="ManualDispatcher"/> of an ActorSystem (named in HOCON by its type).</summary>
public sealed class ManualDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly ManualDispatcher _instance;

    public ManualDispatcherConfigurator(Config config, IDispatcherPrerequisites prerequisites) : base(config, prerequisites) =>
        _instance = new ManualDispatcher(this);

    public override MessageDispatcher Dispatcher() => _instance;
}
