// Must fail: no Task/async on nanoFramework 1.x.
using System.Threading.Tasks;

public class Poller
{
    public async Task PollAsync()
    {
        await Task.Delay(10);
    }
}
