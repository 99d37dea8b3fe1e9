namespace Hashdance.Cli;

internal static class Program
{
    private static int Main(string[] args) => HashdanceCommand.Run(args, Console.Out, Console.Error);
}
