namespace Hashdance.Cluster;

/// <summary>
/// The ActorRegistry key of this node's Hashdance manager: inject <c>IRequiredActor&lt;HashdanceManager&gt;</c> and send
/// it <c>Bind</c> and <c>Connect</c>, as to Akka.IO's TCP manager.
/// </summary>
public sealed class HashdanceManager
{
    private HashdanceManager()
    {
    }
}
