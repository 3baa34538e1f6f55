#ifndef fluxion_physics_electrochemistry_electrolyte_output_h
#define fluxion_physics_electrochemistry_electrolyte_output_h

#include <deal.II/numerics/data_postprocessor.h>

#include <fluxion/physics/electrochemistry/poisson_nernst_planck.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * What ElectrolyteOutput needs to know of an electrolyte: its species,
   * the formulation, the thermal voltage, the length unit and the fixed
   * charge per region.
   */
  struct ElectrolyteOutputData
  {
    std::vector<IonicSpecies> species;
    /// The unknowns of the species are ln c (else c).
    bool logarithmic = false;
    /// RT/F [V].
    double thermal_voltage = 0;
    /// The length unit of the mesh and the diffusivities [m].
    double length_unit_in_m = 1;
    /// The fixed charge X [mol/m^3] per region; `fixed_charge_fallback`
    /// elsewhere.
    std::map<types::material_id, double> fixed_charge;
    double                               fixed_charge_fallback = 0;
  };

  /**
   * The derived output of the Poisson-Nernst-Planck physics, in SI units,
   * from the solution (the species, as c or ln c, then phi):
   * - `E` [V/m], the electric field -grad phi;
   * - `charge_density` [C/m^3], F (sum_i z_i c_i + X);
   * - per species `NAME_diffusive_flux`, -D_i grad c_i, and
   *   `NAME_migrative_flux`, -z_i D_i c_i grad phi / V_T [mol/(m^2 s)];
   * the fields and the fluxes are vectors. D_i and X are those of the
   * cell's region (D_i of a varying law at the output point).
   */
  template <int dim>
  class ElectrolyteOutput : public DataPostprocessor<dim>
  {
  public:
    /**
     * D of species s [length unit^2/s] in a region at a point for the
     * values of the concentrations and phi there, for the species and
     * regions where it is not one number; it returns a negative value
     * where the number of ElectrolyteOutputData holds.
     */
    using VaryingDiffusivity =
      std::function<double(const unsigned int         s,
                           const types::material_id   region,
                           const Point<dim>          &p,
                           const std::vector<double> &fields)>;

    /**
     * @p varying (if given) gives D where diffusivity laws vary.
     */
    explicit ElectrolyteOutput(const ElectrolyteOutputData &data,
                               const VaryingDiffusivity    &varying = {});

    void
    evaluate_vector_field(
      const DataPostprocessorInputs::Vector<dim> &inputs,
      std::vector<Vector<double>> &computed_quantities) const override;

    std::vector<std::string>
    get_names() const override;

    std::vector<DataComponentInterpretation::DataComponentInterpretation>
    get_data_component_interpretation() const override;

    UpdateFlags
    get_needed_update_flags() const override;

  private:
    ElectrolyteOutputData data;
    VaryingDiffusivity    varying;
  };
} // namespace Fluxion

#endif
