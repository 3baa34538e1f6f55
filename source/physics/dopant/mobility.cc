#include <fluxion/physics/dopant/mobility.h>

#include <cmath>

namespace Fluxion
{
  double
  MasettiMobility::operator()(const double N_in) const
  {
    const double N = std::max(N_in, 1.0);
    return mu_min1 * std::exp(-Pc / N) +
           (mu_max - mu_min2) / (1 + std::pow(N / Cr, alpha)) -
           mu1 / (1 + std::pow(Cs / N, beta));
  }

  // mu_min1, mu_min2, mu1, Pc, Cr, Cs, alpha, beta, mu_max
  MasettiMobility
  MasettiMobility::electrons_phosphorus()
  {
    return {68.5, 68.5, 56.1, 0.0, 9.20e16, 3.41e20, 0.711, 1.98, 1414};
  }

  MasettiMobility
  MasettiMobility::electrons_arsenic()
  {
    return {52.2, 52.2, 43.4, 0.0, 9.68e16, 3.43e20, 0.680, 2.00, 1417};
  }

  MasettiMobility
  MasettiMobility::holes_boron()
  {
    return {44.9, 0.0, 29.0, 9.23e16, 2.23e17, 6.10e20, 0.719, 2.00, 470.5};
  }
  double
  CaugheyThomasMobility::operator()(const double N) const
  {
    return mu_min +
           (mu_max - mu_min) / (1 + std::pow(std::max(N, 0.0) / N_ref, alpha));
  }

  CaugheyThomasMobility
  CaugheyThomasMobility::electrons()
  {
    return {92, 1360, 1.3e17, 0.91};
  }

  CaugheyThomasMobility
  CaugheyThomasMobility::holes()
  {
    return {47.7, 495, 6.3e16, 0.76};
  }
} // namespace Fluxion
