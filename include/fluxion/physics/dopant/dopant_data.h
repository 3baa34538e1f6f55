#ifndef fluxion_physics_dopant_dopant_data_h
#define fluxion_physics_dopant_dopant_data_h

#include <fluxion/materials/arrhenius.h>

#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * One Arrhenius term D0 exp(-Ea / kT), with D0 in cm^2/s and Ea in eV.
   */
  struct ArrheniusTerm
  {
    double prefactor_cm2_s = 0;
    double activation_eV   = 0;

    /// The value in cm^2/s at the absolute temperature @p T_kelvin.
    double
    value(const double T_kelvin) const;
  };

  /**
   * Diffusion data of one dopant in crystalline silicon.
   *
   * The Fermi-level dependent diffusivity follows Fair's vacancy model: the
   * dopant diffuses through point defects of charge 0, +, - and =, and
   *
   *   donors:    D = D0 + D- (n/ni) + D= (n/ni)^2,
   *   acceptors: D = D0 + D+ (p/ni),
   *
   * so that D = D0 + D+ + D- + D= in intrinsic material (n = p = ni).
   */
  struct DopantData
  {
    std::string name;
    /// +1 for a donor (ionised D+), -1 for an acceptor (ionised A-).
    int charge = 1;
    /// Fair's charge-state components (zero where a state does not count).
    ArrheniusTerm d_neutral, d_plus, d_minus, d_double_minus;
    /// Where the numbers come from.
    std::string source;
    /// Equilibrium segregation coefficient m = C_Si / C_SiO2 at the
    /// Si/SiO2 interface (Grove, Leistiko and Sah, J. Appl. Phys. 35, 2695
    /// (1964), as quoted by Plummer, Deal and Griffin, ch. 7: about 0.3 for
    /// B, which is taken up by the oxide, and about 10 for P, As and Sb,
    /// which pile up in the silicon).
    double segregation = 1;
    /// The single-Arrhenius intrinsic diffusivity (parameter set
    /// "intrinsic-arrhenius"), zero when not given.
    ArrheniusTerm intrinsic;
    /// The solid solubility in silicon as 'table T1 C1 T2 C2 ...' (degrees C,
    /// cm^-3), empty when none is built in; see built_in_dopants().
    std::string solubility;
    /// Where the solubility values come from.
    std::string solubility_source;

    /// The diffusivity in cm^2/s at @p T_kelvin for n/ni = @p n_over_ni.
    double
    diffusivity(const double T_kelvin, const double n_over_ni) const;

    /// d(diffusivity)/d(n/ni).
    double
    diffusivity_derivative(const double T_kelvin, const double n_over_ni) const;

    /// The intrinsic diffusivity (n = ni) in cm^2/s.
    double
    intrinsic_diffusivity(const double T_kelvin) const;
  };

  /**
   * The built-in dopants "B", "P", "As" and "Sb". Parameter set
   * "fair-charge-states":
   * Fair's charge-state diffusivities as tabulated by Plummer, Deal and
   * Griffin, Silicon VLSI Technology (Prentice Hall, 2000), Table 7-5,
   * after R. B. Fair, in Impurity Doping Processes in Silicon, F. F. Y. Wang
   * (ed.), North-Holland (1981). Parameter set "intrinsic-arrhenius": one
   * Arrhenius law per dopant for intrinsic conditions, from the same book,
   * Table 7-3 (B 1.0 cm^2/s, 3.5 eV; P 4.70, 3.68; As 9.17, 3.99; Sb 4.58,
   * 3.88).
   *
   * Solid solubilities (cm^-3 against temperature in degrees C, used as
   * tables with ln C interpolated linearly in T), as tabulated in the
   * default model file of SUPREM-IV.GS (Stanford University and University
   * of Florida, version 2.2, 1993), which cites for each dopant:
   * - B, 800 to 1275 C: A. Armigliato, D. Nobili, P. Ostoja, M. Servidori and
   *   S. Solmi, "Solubility and precipitation of boron in silicon and
   *   supersaturation resulting by thermal predeposition", in Semiconductor
   *   Silicon 1977 (Electrochemical Society, 1977);
   * - P, 850 to 1100 C: D. Nobili, A. Armigliato, M. Finetti and S. Solmi,
   *   "Precipitation as the phenomenon responsible for the electrically
   *   inactive phosphorus in silicon", J. Appl. Phys. 53(3) (1982);
   * - As, 800 to 1200 C: D. Nobili, A. Carabelas, G. Celotti and S. Solmi,
   *   "Precipitation as the phenomenon responsible for the electrically
   *   inactive arsenic in silicon", J. Electrochem. Soc. 130, 922 (1983);
   * - Sb, 800 to 1250 C: F. A. Trumbore, "Solid solubilities of impurity
   *   elements in germanium and silicon", Bell Syst. Tech. J. 39, 205
   *   (1960).
   */
  const std::vector<DopantData> &
  built_in_dopants();

  /// The names of the built-in dopants, comma separated.
  std::string
  built_in_dopant_names();

  /**
   * The user dopants of @p list, entries separated by ';', each like
   * 'Ga: acceptor, neutral 0.374 3.39, plus 0.1 3.5': donor or acceptor,
   * then the charge-state terms D0 Ea (cm^2/s, eV) of neutral, minus and
   * double minus (donors) or neutral and plus (acceptors). Errors name
   * @p parameter. A user dopant may not take the name of a built-in one
   * (it would replace the built-in data unnoticed) or be defined twice.
   */
  std::vector<DopantData>
  parse_user_dopants(const std::string &list, const std::string &parameter);

  /**
   * The intrinsic carrier concentration of silicon at process temperatures,
   * ni = 3.9e16 T^1.5 exp(-0.605 eV / kT) cm^-3 (Plummer, Deal and Griffin,
   * Silicon VLSI Technology, 2000, ch. 7; 7.14e18 cm^-3 at 1000 C).
   */
  double
  intrinsic_carrier_density(const double T_kelvin);
} // namespace Fluxion

#endif
