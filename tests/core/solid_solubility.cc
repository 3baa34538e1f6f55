// Built-in solid solubilities: each table reproduces its published points
// (relative error below 1e-12), interpolates ln C linearly in T between
// them, covers exactly its published range, and a user 'A EA' law gives
// A exp(-EA/kT).

#include <fluxion/physics/dopant/dopant_data.h>
#include <fluxion/physics/dopant/solid_solubility.h>

#include <cmath>
#include <cstdio>
#include <iostream>

using namespace Fluxion;

namespace
{
  void
  check(const bool ok, const std::string &what)
  {
    std::cout << (ok ? "ok   " : "FAIL ") << what << std::endl;
  }

  double
  relative_error(const double a, const double b)
  {
    return std::abs(a - b) / std::abs(b);
  }
} // namespace

int
main()
{
  // Published points (T in C, cm^-3) typed here independently of the data.
  const struct
  {
    const char *name;
    double      T1, C1, T2, C2, T_min, T_max;
  } points[] = {{"B", 1000, 1.1922e20, 1025, 1.3552e20, 800, 1275},
                {"P", 900, 3.1585e20, 1000, 3.3981e20, 850, 1100},
                {"As", 1000, 2.1413e20, 1200, 5.0e20, 800, 1200},
                {"Sb", 1100, 4.8e19, 1250, 6.2e19, 800, 1250}};
  for (const auto &p : points)
    for (const auto &d : built_in_dopants())
      if (d.name == p.name)
        {
          const SolidSolubility s(d.solubility, d.name);
          std::cout << d.name << ": " << s.range() << ", "
                    << d.solubility_source << std::endl;
          check(relative_error(s.value(p.T1 + 273.15), p.C1) < 1e-12 &&
                  relative_error(s.value(p.T2 + 273.15), p.C2) < 1e-12,
                d.name + " reproduces its table points");
          const double T_mid = 0.3 * p.T1 + 0.7 * p.T2;
          const double exact =
            std::exp(0.3 * std::log(p.C1) + 0.7 * std::log(p.C2));
          check(relative_error(s.value(T_mid + 273.15), exact) < 1e-12,
                d.name + " interpolates ln C linearly in T");
          check(s.covers(p.T_min + 273.15) && s.covers(p.T_max + 273.15) &&
                  !s.covers(p.T_min - 1 + 273.15) &&
                  !s.covers(p.T_max + 1 + 273.15),
                d.name + " covers its range and nothing beyond");
        }

  const SolidSolubility law("9.25e22 0.73", "test");
  const double          T = 1100 + 273.15;
  check(relative_error(law.value(T),
                       9.25e22 * std::exp(-0.73 / (8.617333262e-5 * T))) <
          1e-14,
        "an Arrhenius law A exp(-EA/kT)");
  char line[80];
  std::snprintf(line, sizeof(line), "B at 1010 C: %.9e", [&]() {
    for (const auto &d : built_in_dopants())
      if (d.name == "B")
        return SolidSolubility(d.solubility, "B").value(1010 + 273.15);
    return 0.0;
  }());
  std::cout << line << std::endl;
}
