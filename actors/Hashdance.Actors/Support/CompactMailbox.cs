using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Hashdance.Actors.Support;

/// <summary>
/// The mailbox of the per-connection actors (request socks, connections). Akka's default unbounded mailbox holds a
/// ConcurrentQueue whose first segment has 32 slots, about 800 bytes taken when the actor starts and kept for its
/// whole life; a socket actor sees a few messages at a time, and an idle one none. <see cref="CompactMessageQueue"/>
/// starts empty and grows only to what the actor has needed. Registered under <see cref="ConfigPath"/> by
/// <see cref="Stack.HashdanceStack.Start"/>.
/// </summary>
public sealed class CompactMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    /// <summary>Where the mailbox is configured (<c>mailbox-type</c>); what socket actors' props name.</summary>
    public const string ConfigPath = "hashdance.socket-mailbox";

    /// <summary>The configuration that registers the mailbox.</summary>
    public static Config Registration { get; } =
        ConfigurationFactory.ParseString($"{ConfigPath}.mailbox-type = \"{typeof(CompactMailbox).FullName}, {typeof(CompactMailbox).Assembly.GetName().Name}\"");

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}
