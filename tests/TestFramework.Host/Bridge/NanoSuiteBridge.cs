// Compiled into every host twin of an NFUnitTest suite (Directory.Build.targets, NanoSuite=true): the one xunit class
// that turns each [TestMethod] / [DataRow] row of the suite's assembly into an xunit case.
using NanoNode.TestFramework.Host;
using Xunit;

namespace NanoNode.TestFramework.Bridge
{
    /// <summary>Runs the suite's NFUnitTest cases under xunit, one xunit case per nanoFramework case.</summary>
    public sealed class NanoSuite
    {
        private static readonly NanoTestSession Session = NanoTestSession.ForAssembly(typeof(NanoSuite).Assembly);

        /// <summary>Case ids, in the launcher's order.</summary>
        public static TheoryData<string> Cases
        {
            get
            {
                TheoryData<string> data = new TheoryData<string>();
                foreach (NanoTestCase c in Session.Cases)
                {
                    data.Add(c.Id);
                }

                return data;
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Run(string test)
        {
            Session.Run(test);
        }
    }
}
