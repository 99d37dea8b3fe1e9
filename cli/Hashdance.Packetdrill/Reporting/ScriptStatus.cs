namespace Hashdance.Packetdrill.Reporting;

public enum ScriptStatus
{
    Pass,
    Fail,
    Skip,
}
