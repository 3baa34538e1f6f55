#include <fluxion/physics/dopant/junction.h>

namespace Fluxion
{
  std::vector<double>
  net_doping(const std::vector<std::vector<double>> &profiles,
             const std::vector<int>                 &charges,
             const double                            background)
  {
    const std::size_t   n_points = profiles.empty() ? 0 : profiles[0].size();
    std::vector<double> net(n_points, background);
    for (std::size_t k = 0; k < n_points; ++k)
      for (unsigned int i = 0; i < charges.size(); ++i)
        net[k] += charges[i] * profiles[i][k];
    return net;
  }

  std::optional<SignChange>
  first_junction(const std::vector<double> &net,
                 const double               background,
                 const unsigned int         start)
  {
    if (start >= net.size() || net[start] * background >= 0)
      return std::nullopt;
    for (unsigned int k = start + 1; k < net.size(); ++k)
      if (net[k] * background >= 0)
        return SignChange{k, net[k - 1] / (net[k - 1] - net[k])};
    return std::nullopt;
  }
} // namespace Fluxion
