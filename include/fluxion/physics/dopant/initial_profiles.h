#ifndef fluxion_physics_dopant_initial_profiles_h
#define fluxion_physics_dopant_initial_profiles_h

#include <deal.II/base/function.h>

#include <fluxion/core/parsed_expression.h>

#include <memory>
#include <string>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  template <int dim>
  class DopantDiffusion;

  /**
   * The initial profile of each dopant as a function of depth, one
   * component per dopant, from the entries of <Initial profiles>: 'none',
   * 'uniform C', 'implant DOSE RP DRP' (a Gaussian), 'surface dose DOSE' (a
   * delta-like layer that DopantDiffusion puts on the surface nodes) or
   * 'function EXPR'. The constructor checks the entries; errors name them.
   */
  template <int dim>
  class InitialProfiles : public Function<dim>
  {
  public:
    InitialProfiles(const DopantDiffusion<dim>     &physics,
                    const std::vector<std::string> &profiles,
                    const std::vector<std::string> &names,
                    const double                    length_unit_cm,
                    const double                    start_time);

    /**
     * The concentration (cm^-3) of dopant @p i at @p p.
     */
    double
    value(const Point<dim> &p, const unsigned int i) const override;

    /**
     * Whether profile @p i is an implanted Gaussian.
     */
    bool
    is_implant(const unsigned int i) const
    {
      return kinds[i] == "implant";
    }

    /**
     * The dose (cm^-2) of a 'surface dose' profile @p i, or -1.
     */
    double
    surface_dose(const unsigned int i) const
    {
      return kinds[i] == "surface" ? parameters[i][0] : -1;
    }

  private:
    const DopantDiffusion<dim>                         &physics;
    std::vector<std::string>                            kinds;
    std::vector<std::vector<double>>                    parameters;
    std::vector<std::unique_ptr<ParsedExpression<dim>>> expressions;
    double                                              length_unit_cm;
    double                                              start_time;
  };
} // namespace Fluxion

#endif
